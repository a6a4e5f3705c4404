using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Party.ServiceDefaults.Auth;

namespace Party.ServiceDefaults.Idempotency;

/// <summary>
/// Replays the first answer to a write that carries an <c>Idempotency-Key</c> (bureau clients retry on
/// timeouts). The key and the answer are kept in the service's own database (<c>idempotency_keys</c>), written
/// <b>in the same transaction as the write</b>: the request runs inside a transaction this middleware opens on the
/// service's DbContext (endpoints that need their own join it, see
/// <see cref="RequestTransactions.BeginOrJoinTransactionAsync"/>), so either the write and its key commit together
/// or neither does — a retry can never apply a write twice, whatever happened to the process or to Redis.
/// A second request with the same key waits on the first one's key row and then replays its answer; the same key
/// with a different body is refused rather than silently answered with the old result. Answers kept: 24 h.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next, ILogger<IdempotencyMiddleware> log, TimeProvider clock)
{
    public const string Header = "Idempotency-Key";
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    public async Task InvokeAsync(HttpContext http, IdempotencyDb store)
    {
        var key = http.Request.Headers[Header].ToString();
        // No endpoint: the answer is a 404/405 that changes nothing, so there is nothing to keep.
        if (string.IsNullOrEmpty(key) || HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
            || http.GetEndpoint() is null)
        {
            await next(http);
            return;
        }
        if (key.Length > 200)
        {
            await WriteProblem(http, 400, "idempotency.key_invalid", "Idempotency-Key 过长（最多 200 个字符）。");
            return;
        }

        var ct = http.RequestAborted;
        http.Request.EnableBuffering();
        var bodyHash = Convert.ToHexString(await SHA256.HashDataAsync(http.Request.Body, ct));
        http.Request.Body.Position = 0;

        var id = new KeyId(
            http.User.FindFirst(PartyClaims.Subject)?.Value ?? "anonymous", http.Request.Method, http.Request.Path.Value ?? "", key);
        var db = store.Db;
        var now = clock.GetUtcNow();
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            // Claims the key, or waits for a concurrent request holding it to finish (its uncommitted row locks the key).
            // A row past the retention is taken over as if it were not there.
            var claimed = await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO idempotency_keys (caller, method, path, key, body_hash, created_at)
                VALUES ({id.Caller}, {id.Method}, {id.Path}, {id.Key}, {bodyHash}, {now})
                ON CONFLICT (caller, method, path, key) DO UPDATE
                  SET body_hash = excluded.body_hash, created_at = excluded.created_at,
                      status = NULL, content_type = NULL, etag = NULL, location = NULL, body = NULL
                  WHERE idempotency_keys.created_at < {now - Retention}
                """, ct) == 1;
            if (claimed)
            {
                await RunAndStoreAsync(http, db, tx, id, ct);
                return;
            }
        }

        var stored = await db.Set<IdempotencyKey>().AsNoTracking()
            .SingleOrDefaultAsync(k => k.Caller == id.Caller && k.Method == id.Method && k.Path == id.Path && k.Key == id.Key, ct);
        if (stored is null)
        {
            // Removed past its retention between our claim and this read: nothing to replay, and the client may simply retry.
            await WriteProblem(http, 409, "idempotency.in_progress", "相同 Idempotency-Key 的请求刚刚结束，请重试。");
            return;
        }
        await Replay(http, stored, bodyHash);
    }

    private async Task RunAndStoreAsync(
        HttpContext http, DbContext db, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction tx, KeyId id, CancellationToken ct)
    {
        var unit = RequestTransactions.Register(tx);
        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await next(http);
            // A server error is not an answer worth replaying, and whatever the request did is rolled back with it:
            // the client may retry.
            if (http.Response.StatusCode < 500)
            {
                var body = buffer.ToArray();
                await db.Database.ExecuteSqlInterpolatedAsync($"""
                    UPDATE idempotency_keys SET status = {http.Response.StatusCode}, content_type = {http.Response.ContentType},
                      etag = {NullIfEmpty(http.Response.Headers.ETag.ToString())},
                      location = {NullIfEmpty(http.Response.Headers.Location.ToString())}, body = {body}
                    WHERE caller = {id.Caller} AND method = {id.Method} AND path = {id.Path} AND key = {id.Key}
                    """, ct);
                await tx.CommitAsync(ct);
                await unit.CommittedAsync();
            }
            else
            {
                await tx.RollbackAsync(CancellationToken.None);
            }
            buffer.Position = 0;
            await buffer.CopyToAsync(original, ct);
        }
        finally
        {
            http.Response.Body = original;
        }
    }

    private async Task Replay(HttpContext http, IdempotencyKey record, string bodyHash)
    {
        if (record.BodyHash != bodyHash)
        {
            await WriteProblem(http, 422, "idempotency.key_reused", "该 Idempotency-Key 已用于内容不同的请求。");
            return;
        }
        log.LogInformation("Replaying stored response for Idempotency-Key on {Path}", http.Request.Path);
        http.Response.StatusCode = record.Status!.Value;
        if (record.ContentType is { Length: > 0 }) http.Response.ContentType = record.ContentType;
        if (record.ETag is { Length: > 0 }) http.Response.Headers.ETag = record.ETag;
        if (record.Location is { Length: > 0 }) http.Response.Headers.Location = record.Location;
        http.Response.Headers["Idempotent-Replayed"] = "true";
        if (record.Body is { Length: > 0 } body) await http.Response.Body.WriteAsync(body, http.RequestAborted);
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private static Task WriteProblem(HttpContext http, int status, string code, string detail)
    {
        http.Response.StatusCode = status;
        return Results.Problem(detail: detail, statusCode: status, extensions: new Dictionary<string, object?> { ["code"] = code })
            .ExecuteAsync(http);
    }

    private sealed record KeyId(string Caller, string Method, string Path, string Key);
}
