using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Components.Authorization;
using Party.Portal.Auth;

namespace Party.Portal.Api;

/// <summary>
/// Every call the pages make, to the gateway, with the signed-in user's access token (refreshed when due). A failure
/// comes back as an <see cref="ApiProblem"/> whose message a clerk can act on; each write carries a fresh
/// <c>Idempotency-Key</c>, so a retried click is never applied twice.
/// </summary>
public sealed class GatewayApi(HttpClient http, PortalSessions sessions, AuthenticationStateProvider authentication)
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

    public async Task<T> PostAsync<T>(string path, object body, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: Json) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await SendAsync(request, ct);
        return await ReadAsync<T>(response, ct);
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
            response = await http.SendAsync(request, ct);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            throw new ApiProblem(0, "portal.unreachable", ApiProblem.UnreachableMessage);
        }
        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            throw ApiProblem.From((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct));
        }
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken ct) =>
        await response.Content.ReadFromJsonAsync<T>(Json, ct)
            ?? throw new ApiProblem((int)response.StatusCode, "portal.empty_answer", ApiProblem.ServerErrorMessage);
}
