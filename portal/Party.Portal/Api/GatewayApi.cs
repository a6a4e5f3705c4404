using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Components.Authorization;
using Party.Portal.Auth;
using Party.Portal.Components.Shared;

namespace Party.Portal.Api;

/// <summary>
/// Every call the pages make, to the gateway, with the signed-in user's access token (refreshed when due). A failure
/// comes back as an <see cref="ApiProblem"/> whose message a clerk can act on; each write carries a fresh
/// <c>Idempotency-Key</c>, so a retried click is never applied twice.
/// </summary>
public sealed class GatewayApi(HttpClient http, PortalSessions sessions, AuthenticationStateProvider authentication,
    PageTimings? timings = null)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public async Task<T> GetAsync<T>(string path, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        using var response = await SendAsync(request, ct);
        return await ReadAsync<T>(response, ct);
    }

    /// <summary>An anonymous read (the public honor roll): no token, so it works for a visitor who never signed in.</summary>
    public async Task<T> GetPublicAsync<T>(string path, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        using var response = await SendAsync(request, ct, anonymous: true);
        return await ReadAsync<T>(response, ct);
    }

    /// <summary>A file the service makes (an .xlsx export).</summary>
    public async Task<byte[]> GetFileAsync(string path, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        using var response = await SendAsync(request, ct);
        return await response.Content.ReadAsByteArrayAsync(ct);
    }

    public Task<T> PostAsync<T>(string path, object body, CancellationToken ct = default) =>
        WriteAsync<T>(HttpMethod.Post, path, JsonContent.Create(body, options: Json), null, ct);

    /// <summary>A record with its version: the <c>ETag</c> goes back as <c>If-Match</c> on the write that follows.</summary>
    public async Task<Versioned<T>> GetVersionedAsync<T>(string path, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        using var response = await SendAsync(request, ct);
        return new Versioned<T>(await ReadAsync<T>(response, ct), response.Headers.ETag?.ToString());
    }

    public Task<T> PutAsync<T>(string path, object body, string? ifMatch = null, CancellationToken ct = default) =>
        WriteAsync<T>(HttpMethod.Put, path, JsonContent.Create(body, options: Json), ifMatch, ct);

    public Task<T> PatchAsync<T>(string path, object body, string? ifMatch = null, CancellationToken ct = default) =>
        WriteAsync<T>(HttpMethod.Patch, path, JsonContent.Create(body, options: Json), ifMatch, ct);

    /// <summary>A write whose answer the page does not read (204, or a body it ignores).</summary>
    public async Task SendAsync(HttpMethod method, string path, object? body = null, string? ifMatch = null, CancellationToken ct = default)
    {
        using var request = Write(method, path, body is null ? null : JsonContent.Create(body, options: Json), ifMatch);
        using var response = await SendAsync(request, ct);
    }

    /// <summary>
    /// An upload (a county sheet to import) as multipart field <c>file</c>. A 422 whose body is an .xlsx error report
    /// comes back as the bytes, not as a problem, so the page can offer the report for download.
    /// </summary>
    public async Task<Upload<T>> UploadAsync<T>(string path, Stream file, string fileName, CancellationToken ct = default)
    {
        using var form = new MultipartFormDataContent();
        var part = new StreamContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        form.Add(part, "file", fileName);
        using var request = Write(HttpMethod.Post, path, form, null);
        try
        {
            using var response = await SendAsync(request, ct);
            return new Upload<T>(await ReadAsync<T>(response, ct), null);
        }
        catch (ApiProblem problem) when (problem.Report is { } report)
        {
            return new Upload<T>(default, report);
        }
    }

    private async Task<T> WriteAsync<T>(HttpMethod method, string path, HttpContent content, string? ifMatch, CancellationToken ct)
    {
        using var request = Write(method, path, content, ifMatch);
        using var response = await SendAsync(request, ct);
        return await ReadAsync<T>(response, ct);
    }

    private static HttpRequestMessage Write(HttpMethod method, string path, HttpContent? content, string? ifMatch)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return request;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct, bool anonymous = false)
    {
        if (!anonymous)
        {
            var user = (await authentication.GetAuthenticationStateAsync()).User;
            string token;
            try
            {
                token = await sessions.AccessTokenAsync(user.FindFirstValue(PortalSessions.SessionClaim), ct);
            }
            catch (SessionExpiredException)
            {
                throw new ApiProblem(401, "auth.session_expired", ApiProblem.SessionExpiredMessage);
            }
            catch (HttpRequestException)
            {
                throw new ApiProblem(0, "portal.unreachable", ApiProblem.UnreachableMessage);
            }
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        HttpResponseMessage response;
        try
        {
            response = timings is null ? await http.SendAsync(request, ct) : await timings.CallAsync(() => http.SendAsync(request, ct));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            throw new ApiProblem(0, "portal.unreachable", ApiProblem.UnreachableMessage);
        }
        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            if (response.Content.Headers.ContentType?.MediaType?.Contains("spreadsheetml") == true)
            {
                throw new ApiProblem((int)response.StatusCode, "portal.error_report", ApiProblem.ReportMessage)
                {
                    Report = await response.Content.ReadAsByteArrayAsync(ct),
                };
            }
            throw ApiProblem.From((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct));
        }
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken ct) =>
        await response.Content.ReadFromJsonAsync<T>(Json, ct)
            ?? throw new ApiProblem((int)response.StatusCode, "portal.empty_answer", ApiProblem.ServerErrorMessage);
}

/// <summary>A record and the version it was read at.</summary>
public sealed record Versioned<T>(T Value, string? ETag);

/// <summary>An import's answer: the service's result, or the .xlsx error report (the sheet with an error column).</summary>
public sealed record Upload<T>(T? Result, byte[]? ErrorReport);
