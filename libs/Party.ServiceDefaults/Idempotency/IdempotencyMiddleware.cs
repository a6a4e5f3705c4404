using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using Party.ServiceDefaults.Auth;

namespace Party.ServiceDefaults.Idempotency;

/// <summary>
/// Replays the first answer to a write that carries an <c>Idempotency-Key</c> (bureau clients retry
/// on timeouts). The answer is kept in Redis for 24 h, keyed by caller, path and key; the same key
/// with a different body is refused rather than silently answered with the old result.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next, IConnectionMultiplexer redis, ILogger<IdempotencyMiddleware> log)
{
    public const string Header = "Idempotency-Key";
    private static readonly TimeSpan Retention = TimeSpan.FromHours(24);
    private static readonly TimeSpan InFlightLock = TimeSpan.FromMinutes(2);

    public async Task InvokeAsync(HttpContext http)
    {
        var key = http.Request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(key) || HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
        {
            await next(http);
            return;
        }
        if (key.Length > 200)
        {
            await WriteProblem(http, 400, "idempotency.key_invalid", "Idempotency-Key 过长（最多 200 个字符）。");
            return;
        }

        http.Request.EnableBuffering();
        var bodyHash = Convert.ToHexString(await SHA256.HashDataAsync(http.Request.Body, http.RequestAborted));
        http.Request.Body.Position = 0;

        var caller = http.User.FindFirst(PartyClaims.Subject)?.Value ?? "anonymous";
        var storeKey = $"idem:{caller}:{http.Request.Method}:{http.Request.Path}:{key}";
        var db = redis.GetDatabase();

        var stored = await db.StringGetAsync(storeKey);
        if (stored.HasValue)
        {
            await Replay(http, stored!, bodyHash);
            return;
        }
        if (!await db.StringSetAsync(storeKey + ":lock", bodyHash, InFlightLock, When.NotExists))
        {
            await WriteProblem(http, 409, "idempotency.in_progress", "相同 Idempotency-Key 的请求正在处理中，请稍后重试。");
            return;
        }

        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await next(http);
            buffer.Position = 0;
            // A server error is not an answer worth replaying: the client should be able to retry it.
            if (http.Response.StatusCode < 500)
            {
                var record = new StoredResponse(http.Response.StatusCode, http.Response.ContentType, http.Response.Headers.ETag.ToString(),
                    http.Response.Headers.Location.ToString(), bodyHash, buffer.ToArray());
                await db.StringSetAsync(storeKey, JsonSerializer.SerializeToUtf8Bytes(record), Retention);
            }
            buffer.Position = 0;
            await buffer.CopyToAsync(original, http.RequestAborted);
        }
        finally
        {
            http.Response.Body = original;
            await db.KeyDeleteAsync(storeKey + ":lock");
        }
    }

    private async Task Replay(HttpContext http, byte[] stored, string bodyHash)
    {
        var record = JsonSerializer.Deserialize<StoredResponse>(stored)!;
        if (record.BodyHash != bodyHash)
        {
            await WriteProblem(http, 422, "idempotency.key_reused", "该 Idempotency-Key 已用于内容不同的请求。");
            return;
        }
        log.LogInformation("Replaying stored response for Idempotency-Key on {Path}", http.Request.Path);
        http.Response.StatusCode = record.Status;
        if (record.ContentType is { Length: > 0 }) http.Response.ContentType = record.ContentType;
        if (record.ETag is { Length: > 0 }) http.Response.Headers.ETag = record.ETag;
        if (record.Location is { Length: > 0 }) http.Response.Headers.Location = record.Location;
        http.Response.Headers["Idempotent-Replayed"] = "true";
        await http.Response.Body.WriteAsync(record.Body, http.RequestAborted);
    }

    private static Task WriteProblem(HttpContext http, int status, string code, string detail)
    {
        http.Response.StatusCode = status;
        return Results.Problem(detail: detail, statusCode: status, extensions: new Dictionary<string, object?> { ["code"] = code }).ExecuteAsync(http);
    }

    private sealed record StoredResponse(int Status, string? ContentType, string? ETag, string? Location, string BodyHash, byte[] Body);
}
