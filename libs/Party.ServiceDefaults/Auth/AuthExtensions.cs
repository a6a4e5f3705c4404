using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace Party.ServiceDefaults.Auth;

public static class AuthExtensions
{
    public const string SigningKeyConfig = "Party:Auth:SigningKey";

    public static IServiceCollection AddPartyAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        var key = configuration[SigningKeyConfig]
            ?? throw new InvalidOperationException($"{SigningKeyConfig} is not set; the app host hands it out as Party__Auth__SigningKey.");
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(o =>
            {
                o.MapInboundClaims = false;
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = DevTokens.Issuer,
                    ValidAudience = DevTokens.Audience,
                    IssuerSigningKey = DevTokens.KeyFrom(key),
                    NameClaimType = PartyClaims.Name,
                    RoleClaimType = PartyClaims.Role,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
            });
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return services;
    }

    /// <summary>Requires a scope claim (space-separated <c>scope</c>), e.g. <c>finance.payments</c>.</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string scope) where TBuilder : Microsoft.AspNetCore.Builder.IEndpointConventionBuilder =>
        Microsoft.AspNetCore.Builder.AuthorizationEndpointConventionBuilderExtensions.RequireAuthorization(builder,
            new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireAssertion(c => c.User.HasScope(scope)).Build())
        .WithMetadata(new RequiredScope(scope));

    public static TBuilder RequireRole<TBuilder>(this TBuilder builder, params string[] roles) where TBuilder : Microsoft.AspNetCore.Builder.IEndpointConventionBuilder =>
        Microsoft.AspNetCore.Builder.AuthorizationEndpointConventionBuilderExtensions.RequireAuthorization(builder,
            new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireRole(roles).Build());
}

/// <summary>Endpoint metadata naming the scope a machine client needs; published in the OpenAPI documents as <c>x-required-scope</c>.</summary>
public sealed record RequiredScope(string Scope);
