using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Party.ServiceDefaults.Auth;

namespace Party.Demo;

/// <summary>An answer of the gateway: its status and its JSON body (null when it has none).</summary>
public sealed record Answer(HttpStatusCode Status, JsonNode? Body)
{
    public int Code => (int)Status;
    public bool Ok => Code is >= 200 and < 300;
    public string ProblemCode => Body?["code"]?.GetValue<string>() ?? "";

    public JsonNode Require(params int[] codes) => codes.Contains(Code)
        ? Body ?? new JsonObject()
        : throw new DemoException($"{Code} {Body?.ToJsonString()}");
}

public sealed class DemoException(string message) : Exception(message);

/// <summary>
/// The gateway as the loader uses it: a development token per (role, unit, subject) from the identity service, and
/// every call retried when the gateway sheds load (429 with Retry-After) or a service restarts (502/503/504).
/// </summary>
public sealed class DemoApi(string gateway, string devClientSecret) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(gateway.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(120) };
    private readonly Dictionary<string, (string Token, DateTime At)> _tokens = [];
    private readonly SemaphoreSlim _tokenLock = new(1, 1);
    public string Gateway { get; } = gateway.TrimEnd('/');

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<string> TokenAsync(string role, Guid org, string subject, CancellationToken ct, string[]? scopes = null)
    {
        var key = $"{role}|{org}|{subject}|{string.Join(' ', scopes ?? [])}";
        await _tokenLock.WaitAsync(ct);
        try
        {
            if (_tokens.TryGetValue(key, out var cached) && DateTime.UtcNow - cached.At < TimeSpan.FromMinutes(20)) return cached.Token;
            var token = await RetryAsync(() => DevelopmentTokens.RequestAsync(_http, Gateway, devClientSecret, role, org, scopes, subject,
                ct: ct), ct);
            _tokens[key] = (token, DateTime.UtcNow);
            return token;
        }
        finally
        {
            _tokenLock.Release();
        }
    }

    /// <summary>
    /// Who a call is made as: a role in a unit, under a subject of its own (the gateway's rate limit is per subject), with the
    /// scopes a bureau's call needs (e.g. <c>honors.review</c>).
    /// </summary>
    public sealed record Caller(string Role, Guid Org, string Subject, string[]? Scopes = null);

    public Task<Answer> GetAsync(Caller who, string path, CancellationToken ct) => SendAsync(who, HttpMethod.Get, path, null, null, ct);

    public Task<Answer> PostAsync(Caller who, string path, object? body, string? idempotencyKey, CancellationToken ct) =>
        SendAsync(who, HttpMethod.Post, path, body is null ? null : JsonContent.Create(body, options: Json), idempotencyKey, ct);

    public Task<Answer> PutAsync(Caller who, string path, object body, CancellationToken ct) =>
        SendAsync(who, HttpMethod.Put, path, JsonContent.Create(body, options: Json), null, ct);

    public async Task<Answer> SendAsync(Caller who, HttpMethod method, string path, HttpContent? content, string? idempotencyKey,
        CancellationToken ct)
    {
        var payload = content is null ? null : await content.ReadAsByteArrayAsync(ct);
        var contentType = content?.Headers.ContentType;
        for (var attempt = 1; ; attempt++)
        {
            var token = await TokenAsync(who.Role, who.Org, who.Subject, ct, who.Scopes);
            using var request = new HttpRequestMessage(method, path.TrimStart('/'));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
            if (payload is not null)
            {
                request.Content = new ByteArrayContent(payload);
                request.Content.Headers.ContentType = contentType;
            }
            TimeSpan wait;
            try
            {
                using var response = await _http.SendAsync(request, ct);
                var status = (int)response.StatusCode;
                if (status is 429 or 502 or 503 or 504 && attempt < 30)
                {
                    wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(Math.Min(10, attempt));
                }
                else
                {
                    var text = await response.Content.ReadAsStringAsync(ct);
                    JsonNode? body = null;
                    if (text.Length > 0 && response.Content.Headers.ContentType?.MediaType?.Contains("json") == true)
                        body = JsonNode.Parse(text);
                    return new Answer(response.StatusCode, body);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested && attempt < 30)
            {
                wait = TimeSpan.FromSeconds(Math.Min(10, attempt));
            }
            await Task.Delay(wait, ct);
        }
    }

    private static async Task<T> RetryAsync<T>(Func<Task<T>> call, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException
                && !ct.IsCancellationRequested && attempt < 20)
            {
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(10, attempt)), ct);
            }
        }
    }

    /// <summary>Every item of a paged list (pageSize 200).</summary>
    public async Task<List<JsonNode>> AllAsync(Caller who, string path, CancellationToken ct)
    {
        var items = new List<JsonNode>();
        var separator = path.Contains('?') ? '&' : '?';
        for (var page = 1; ; page++)
        {
            var body = (await GetAsync(who, $"{path}{separator}page={page}&pageSize=200", ct)).Require(200);
            var batch = body["items"]!.AsArray();
            items.AddRange(batch.Select(i => i!));
            if (batch.Count < 200 || items.Count >= body["total"]!.GetValue<long>()) return items;
        }
    }

    public void Dispose() => _http.Dispose();
}
