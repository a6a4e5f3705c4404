using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Party.ServiceDefaults.Auth;

/// <summary>
/// Tokens signed with the development key the app host hands out. The same issuer, audience and
/// claim names are validated by every service, so a token minted here works everywhere.
/// </summary>
public static class DevTokens
{
    public const string Issuer = "party-dev";
    public const string Audience = "party-api";

    public static SymmetricSecurityKey KeyFrom(string signingKeyBase64) => new(Convert.FromBase64String(signingKeyBase64));

    public static string NewSigningKey() => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    public static string Mint(string signingKeyBase64, string subject, string role, Guid org,
        IEnumerable<string>? scopes = null, string? name = null, TimeSpan? lifetime = null)
    {
        var claims = new Dictionary<string, object>
        {
            [PartyClaims.Subject] = subject,
            [PartyClaims.Name] = name ?? subject,
            [PartyClaims.Role] = role,
            [PartyClaims.Org] = org.ToString(),
        };
        var scopeList = scopes?.ToArray() ?? [];
        if (scopeList.Length > 0) claims[PartyClaims.Scope] = string.Join(' ', scopeList);
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Claims = claims,
            IssuedAt = now,
            NotBefore = now.AddMinutes(-1),
            Expires = now.Add(lifetime ?? TimeSpan.FromHours(12)),
            SigningCredentials = new SigningCredentials(KeyFrom(signingKeyBase64), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}

public static class PartyClaims
{
    public const string Subject = "sub";
    public const string Name = "name";
    public const string Role = "role";
    public const string Org = "org";
    public const string Scope = "scope";

    public static Guid? OrgId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirst(Org)?.Value, out var id) ? id : null;

    public static bool HasScope(this ClaimsPrincipal user, string scope) =>
        user.FindAll(Scope).SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Contains(scope);
}

/// <summary>Roles of SPEC §1; a bureau client is a machine caller identified by its scopes.</summary>
public static class PartyRoles
{
    public const string County = "county";
    public const string Township = "township";
    public const string Branch = "branch";
    public const string Cadre = "cadre";
    public const string Bureau = "bureau";
    public const string Operator = "operator";
}
