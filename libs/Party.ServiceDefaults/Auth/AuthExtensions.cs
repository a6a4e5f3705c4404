using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Party.ServiceDefaults.Auth;

public static class AuthExtensions
{
    /// <summary>The public issuer URL, the gateway's (tokens carry it as <c>iss</c>).</summary>
    public const string IssuerConfig = "Party:Auth:Issuer";
    /// <summary>Where the issuer's discovery document is read; by default the identity service's own address.</summary>
    public const string MetadataAddressConfig = "Party:Auth:MetadataAddress";
    /// <summary>A PEM public key to validate with instead of the issuer's keys: for test hosts, which mint their own tokens.</summary>
    public const string IssuerPublicKeyConfig = "Party:Auth:IssuerPublicKey";
    /// <summary>Plain http to the issuer; set only where everything runs on one machine.</summary>
    public const string RequireHttpsMetadataConfig = "Party:Auth:RequireHttpsMetadata";
    /// <summary>Set by the identity service, which validates with the keys it signs with.</summary>
    public const string IssuesTokensConfig = "Party:Auth:IssuesTokens";
    public const string Audience = "party-api";
    public const string DefaultIssuer = "http://127.0.0.1:8080/";

    public static string IssuerFrom(IConfiguration configuration) =>
        new Uri(configuration[IssuerConfig] is { Length: > 0 } issuer ? issuer : DefaultIssuer).AbsoluteUri;

    /// <summary>
    /// JWT validation against the identity service's keys, read from its discovery document and JWKS (no shared secret):
    /// issuer, audience <c>party-api</c>, signature and lifetime are checked; unsigned tokens are refused.
    /// </summary>
    public static IServiceCollection AddPartyAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        var issuer = IssuerFrom(configuration);
        var publicKey = configuration[IssuerPublicKeyConfig];
        var metadata = configuration[MetadataAddressConfig] is { Length: > 0 } m ? m
            : configuration["services:identity:http:0"] is { Length: > 0 } identity
                ? identity.TrimEnd('/') + "/.well-known/openid-configuration"
            : null;
        if (string.IsNullOrEmpty(publicKey) && metadata is null && !configuration.GetValue<bool>(IssuesTokensConfig))
            throw new InvalidOperationException(
                "No token issuer configured: set services__identity__http__0 (the app host does) or " +
                $"{MetadataAddressConfig.Replace(":", "__")}.");
        var requireHttps = configuration.GetValue(RequireHttpsMetadataConfig, true);

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(o =>
            {
                o.TokenHandlers.Clear();
                o.TokenHandlers.Add(new ValidatedTokenCache());
                o.MapInboundClaims = false; // after the handler is in: the setter passes it on to the handlers present
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = issuer,
                    ValidAudience = Audience,
                    NameClaimType = PartyClaims.Name,
                    RoleClaimType = PartyClaims.Role,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
                if (!string.IsNullOrEmpty(publicKey))
                {
                    var rsa = RSA.Create();
                    rsa.ImportFromPem(publicKey);
                    o.TokenValidationParameters.IssuerSigningKey = new RsaSecurityKey(rsa);
                }
                else if (metadata is not null)
                {
                    o.RequireHttpsMetadata = requireHttps;
                    o.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(metadata, new IssuerMetadataRetriever(),
                        new HttpDocumentRetriever { RequireHttps = requireHttps });
                }
            });
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return services;
    }

    /// <summary>Requires a scope claim (space-separated <c>scope</c>), e.g. <c>finance.payments</c>.</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string scope)
        where TBuilder : Microsoft.AspNetCore.Builder.IEndpointConventionBuilder =>
        Microsoft.AspNetCore.Builder.AuthorizationEndpointConventionBuilderExtensions.RequireAuthorization(builder,
            new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireAssertion(c => c.User.HasScope(scope)).Build())
        .WithMetadata(new RequiredScope(scope));

    public static TBuilder RequireRole<TBuilder>(this TBuilder builder, params string[] roles)
        where TBuilder : Microsoft.AspNetCore.Builder.IEndpointConventionBuilder =>
        Microsoft.AspNetCore.Builder.AuthorizationEndpointConventionBuilderExtensions.RequireAuthorization(builder,
            new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireRole(roles).Build());
}

/// <summary>
/// Endpoint metadata naming the scope a machine client needs; published in the OpenAPI documents as <c>x-required-scope</c>.
/// </summary>
public sealed record RequiredScope(string Scope);

/// <summary>
/// Reads the discovery document from the identity service's own address and the JWKS from the same host: the document
/// names the public (gateway) addresses, and a service should not depend on the gateway to check a token.
/// </summary>
internal sealed class IssuerMetadataRetriever : IConfigurationRetriever<OpenIdConnectConfiguration>
{
    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(
        string address, IDocumentRetriever retriever, CancellationToken cancel)
    {
        var configuration = OpenIdConnectConfiguration.Create(await retriever.GetDocumentAsync(address, cancel));
        var jwks = new Uri(new Uri(address), new Uri(configuration.JwksUri).PathAndQuery);
        configuration.JsonWebKeySet = JsonWebKeySet.Create(await retriever.GetDocumentAsync(jwks.AbsoluteUri, cancel));
        foreach (var key in configuration.JsonWebKeySet.GetSigningKeys()) configuration.SigningKeys.Add(key);
        return configuration;
    }
}
