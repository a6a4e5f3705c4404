using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Party.Portal.Auth;

/// <summary>The tokens of one signed-in browser session.</summary>
public sealed class SessionTokens(
    string accessToken, string? refreshToken, string? idToken, DateTimeOffset expiresAt, DateTimeOffset createdAt)
{
    public string AccessToken { get; set; } = accessToken;
    public string? RefreshToken { get; set; } = refreshToken;
    public string? IdToken { get; } = idToken;
    public DateTimeOffset ExpiresAt { get; set; } = expiresAt;
    public DateTimeOffset CreatedAt { get; } = createdAt;
    internal SemaphoreSlim Refreshing { get; } = new(1, 1);
}

/// <summary>The session's sign-in is over (refresh refused: password changed, account disabled, or the portal restarted).</summary>
public sealed class SessionExpiredException() : Exception("登录已过期，请重新登录。");

/// <summary>
/// The users' tokens, kept on the server and never in the browser: the cookie carries only a session key. The identity
/// service rotates refresh tokens (an old one used again ends the whole chain), so there must be exactly one holder of
/// the current refresh token per session — a cookie copy would go stale as soon as a page's circuit refreshed. Kept in
/// memory: after a restart of the portal the next request signs in again silently (the identity service's own sign-in
/// cookie is still valid), which costs one redirect, not a password.
/// </summary>
public sealed class PortalSessions(
    IHttpClientFactory http, IOptions<PortalSettings> settings, TimeProvider clock, ILogger<PortalSessions> log)
{
    public const string SessionClaim = "portal_session";
    public const string TokenClientName = "identity-token";
    /// <summary>No session outlives the identity service's refresh-token lifetime; older entries are dropped.</summary>
    private static readonly TimeSpan MaxAge = TimeSpan.FromHours(12);
    private readonly ConcurrentDictionary<string, SessionTokens> _sessions = new();

    public string Add(string accessToken, string? refreshToken, string? idToken, TimeSpan lifetime)
    {
        var now = clock.GetUtcNow();
        foreach (var (key, old) in _sessions)
        {
            if (now - old.CreatedAt > MaxAge) _sessions.TryRemove(key, out _);
        }
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        _sessions[id] = new SessionTokens(accessToken, refreshToken, idToken, now + lifetime, now);
        return id;
    }

    public bool Exists(string? id) => id is not null && _sessions.ContainsKey(id);

    public SessionTokens? Find(string? id) => id is not null && _sessions.TryGetValue(id, out var s) ? s : null;

    public SessionTokens? Remove(string? id) => id is not null && _sessions.TryRemove(id, out var s) ? s : null;

    /// <summary>
    /// A valid access token for the session, refreshed first when it expires within <see cref="PortalSettings.RefreshAhead"/>.
    /// </summary>
    public async Task<string> AccessTokenAsync(string? id, CancellationToken ct)
    {
        var session = Find(id) ?? throw new SessionExpiredException();
        if (session.ExpiresAt - clock.GetUtcNow() > settings.Value.RefreshAhead) return session.AccessToken;
        await session.Refreshing.WaitAsync(ct);
        try
        {
            // Another call of the same session may have refreshed while this one waited.
            if (session.ExpiresAt - clock.GetUtcNow() > settings.Value.RefreshAhead) return session.AccessToken;
            if (session.RefreshToken is null) throw Expire(id);
            var s = settings.Value;
            var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["refresh_token"] = session.RefreshToken,
                ["client_id"] = s.ClientId,
                ["client_secret"] = s.ClientSecret ?? "",
            });
            using var response = await http.CreateClient(TokenClientName).PostAsync("connect/token", form, ct);
            if (!response.IsSuccessStatusCode)
            {
                log.LogInformation("Refreshing a session's token was refused ({Status}); the user signs in again.",
                    (int)response.StatusCode);
                throw Expire(id);
            }
            var tokens = await response.Content.ReadFromJsonAsync<TokenResponse>(ct) ?? throw Expire(id);
            session.AccessToken = tokens.AccessToken;
            session.RefreshToken = tokens.RefreshToken ?? session.RefreshToken;
            session.ExpiresAt = clock.GetUtcNow() + TimeSpan.FromSeconds(tokens.ExpiresIn);
            return session.AccessToken;
        }
        finally
        {
            session.Refreshing.Release();
        }
    }

    private SessionExpiredException Expire(string? id)
    {
        Remove(id);
        return new SessionExpiredException();
    }

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("refresh_token")] string? RefreshToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn);
}
