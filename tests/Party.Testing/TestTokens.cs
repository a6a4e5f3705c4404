using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Party.ServiceDefaults.Auth;

namespace Party.Testing;

/// <summary>
/// Tokens for test hosts, shaped like the identity service's (issuer, audience <c>party-api</c>, claims <c>sub</c>,
/// <c>name</c>, <c>role</c>, <c>org</c>, <c>scope</c>, RS256) and signed with a key made for this test run. A test host
/// is given only its public key (<see cref="ConfigureHost"/>), so no identity service is needed and nothing secret is
/// configured.
/// </summary>
public static class TestTokens
{
    public const string Issuer = "https://identity.test/";
    private static readonly RSA Key = RSA.Create(2048);

    public static string PublicKeyPem { get; } = Key.ExportSubjectPublicKeyInfoPem();

    /// <summary>Makes a host under test accept these tokens.</summary>
    public static void ConfigureHost(IWebHostBuilder builder)
    {
        builder.UseSetting(AuthExtensions.IssuerConfig, Issuer);
        builder.UseSetting(AuthExtensions.IssuerPublicKeyConfig, PublicKeyPem);
    }

    public static string Mint(string subject, string role, Guid org, IEnumerable<string>? scopes = null, string? name = null,
        TimeSpan? lifetime = null) => MintWith(Key, Issuer, subject, role, org, scopes, name, lifetime);

    /// <summary>A token signed with another key (null: the run's)
    /// or naming another issuer (an attacker's, a foreign installation's).</summary>
    public static string MintWith(RSA? key, string issuer, string subject, string role, Guid org, IEnumerable<string>? scopes = null,
        string? name = null, TimeSpan? lifetime = null, DateTime? notBefore = null, string audience = AuthExtensions.Audience)
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
        var start = notBefore ?? DateTime.UtcNow.AddMinutes(-1);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = start,
            NotBefore = start,
            Expires = start.Add(lifetime ?? TimeSpan.FromHours(12)),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key ?? Key), SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>A token with exactly these claims (e.g. several roles at once), signed with the run's key.</summary>
    public static string MintClaims(IDictionary<string, object> claims, DateTime notBefore, DateTime expires) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = AuthExtensions.Audience,
            Claims = claims,
            IssuedAt = notBefore,
            NotBefore = notBefore,
            Expires = expires,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(Key), SecurityAlgorithms.RsaSha256),
        });

    /// <summary>The same claims with <c>alg: none</c> and no signature.</summary>
    public static string Unsigned(string token)
    {
        var header = Convert.ToBase64String("{\"alg\":\"none\",\"typ\":\"JWT\"}"u8.ToArray()).TrimEnd('=').Replace('+', '-')
            .Replace('/', '_');
        return header + "." + token.Split('.')[1] + ".";
    }
}
