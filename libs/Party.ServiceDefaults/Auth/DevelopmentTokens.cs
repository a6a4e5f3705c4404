using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Party.ServiceDefaults.Auth;

/// <summary>
/// Asks a development installation's identity service for a token of any role and unit: the grant behind
/// <c>./party token</c>, the benchmark and the system tests. The identity service refuses it outside development.
/// </summary>
public static class DevelopmentTokens
{
    public const string Grant = "urn:party:grant-type:development";
    public const string ClientId = "party-dev";
    /// <summary>The file in <c>.party/</c> holding the development client's secret.</summary>
    public const string SecretFile = "dev-client-secret";

    public static async Task<string> RequestAsync(HttpClient http, string gateway, string clientSecret, string role, Guid org,
        IEnumerable<string>? scopes = null, string? subject = null, string? name = null, CancellationToken ct = default)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = Grant, ["client_id"] = ClientId, ["client_secret"] = clientSecret, ["role"] = role, ["org"] = org.ToString(),
        };
        if (subject is not null) form["sub"] = subject;
        if (name is not null) form["name"] = name;
        var scopeList = scopes?.Distinct().ToArray() ?? [];
        if (scopeList.Length > 0) form["scope"] = string.Join(' ', scopeList);
        using var response = await http.PostAsync(gateway.TrimEnd('/') + "/connect/token", new FormUrlEncodedContent(form), ct);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>(ct);
        return response.IsSuccessStatusCode && body?["access_token"] is { } token
            ? token.GetValue<string>()
            : throw new InvalidOperationException(
                $"the identity service refused a development token: {(int)response.StatusCode} " +
                $"{body?["error"]} {body?["error_description"]}");
    }
}
