using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using Party.Identity.Apis;
using Party.Identity.Data;
using Party.Identity.Domain.Clients;
using Party.Messaging;
using Party.Persistence;
using Party.Persistence.OrgUnits;
using Party.ServiceDefaults.Auth;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Party.Identity;

public static class Extensions
{
    public const string Database = "identity";
    public const string ApiPrefix = "identity";
    /// <summary>The cookie of the sign-in pages; tokens are what the APIs accept.</summary>
    public const string CookieScheme = "party-identity";
    /// <summary>`./party token` and the system tests: any role and unit, refused outside development.</summary>
    public const string DevelopmentGrant = DevelopmentTokens.Grant;
    public const string DevelopmentClientId = DevelopmentTokens.ClientId;
    public const string PiiRead = "pii.read";

    public static WebApplicationBuilder AddIdentity(this WebApplicationBuilder builder)
    {
        var settings = new IdentitySettings();
        builder.Configuration.GetSection(IdentitySettings.Section).Bind(settings);
        settings.Issuer = new Uri(AuthExtensions.IssuerFrom(builder.Configuration));
        builder.Services.AddSingleton(Options.Create(settings));

        builder.AddPartyDbContext<IdentityDbContext>(Database);
        // Migrations as a step of the host's start, then what a new installation needs before anyone can sign in
        // (the token keys, the first operator, the configured clients), all before the server listens.
        builder.Services.AddMigration<IdentityDbContext>((services, ct) => services.PrepareIdentityAsync(ct));
        builder.AddPartyMessaging<IdentityDbContext>(ApiPrefix, typeof(Extensions).Assembly);
        builder.Services.AddOrgUnitReplica<IdentityDbContext>();
        builder.Services.AddScoped<SecurityAudit>();
        builder.Services.AddSingleton<Microsoft.AspNetCore.Identity.IPasswordHasher<UserAccount>,
            Microsoft.AspNetCore.Identity.PasswordHasher<UserAccount>>();
        builder.Services.AddSingleton<TokenKeyRing>();
        builder.Services.AddSingleton<Warmup>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Warmup>());
        builder.Services.AddHealthChecks().AddCheck<Warmup>("warm-up", tags: [ServiceDefaults.Extensions.ReadyTag]);
        builder.Services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>, TokenKeyOptions>();

        // The caller's address (audit, the gateway's X-Forwarded-For) and the public host for redirects.
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost);
        builder.Services.AddAntiforgery(o => o.Cookie.Name = "party.identity.af");
        builder.Services.AddAuthentication().AddCookie(CookieScheme, o =>
        {
            o.Cookie.Name = "party.identity";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.LoginPath = AccountPages.LoginPath;
            o.ReturnUrlParameter = "returnUrl";
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = false;
            // Relative, so the browser stays on whichever address (the gateway's) it came through.
            o.Events.OnRedirectToLogin = ctx =>
            {
                ctx.Response.Redirect(new Uri(ctx.RedirectUri, UriKind.RelativeOrAbsolute) is { IsAbsoluteUri: true } u
                    ? u.PathAndQuery
                    : ctx.RedirectUri);
                return Task.CompletedTask;
            };
        });

        // The APIs here accept this service's own tokens, checked with the keys it signs with (no HTTP call to itself);
        // a test host's public key (Party:Auth:IssuerPublicKey) stays accepted beside them.
        builder.Services.AddSingleton<IPostConfigureOptions<JwtBearerOptions>, OwnKeysValidation>();

        // OpenIddict logs four Information lines for every token it issues; its warnings stay, and TokenRefusals logs each
        // refusal (a client's also in the audit). Logging:LogLevel:OpenIddict brings the rest back when it is needed.
        if (builder.Configuration["Logging:LogLevel:OpenIddict"] is null) builder.Logging.AddFilter("OpenIddict", LogLevel.Warning);
        var development = builder.Environment.IsDevelopment();
        builder.Services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<IdentityDbContext>().ReplaceDefaultEntities<Guid>())
            .AddServer(o =>
            {
                o.SetIssuer(settings.Issuer);
                o.SetAuthorizationEndpointUris("connect/authorize")
                    .SetTokenEndpointUris("connect/token")
                    .SetRevocationEndpointUris("connect/revoke")
                    .SetEndSessionEndpointUris("connect/logout");
                o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                o.AllowClientCredentialsFlow();
                o.AllowRefreshTokenFlow();
                if (development) o.AllowCustomFlow(DevelopmentGrant);
                o.RegisterScopes([Scopes.OpenId, Scopes.Profile, Scopes.OfflineAccess, PiiRead, .. Bureaus.AllScopes]);
                o.SetAccessTokenLifetime(settings.AccessTokenLifetime);
                o.SetRefreshTokenLifetime(settings.RefreshTokenLifetime);
                // Services read the claims themselves (sub, name, role, org, scope): a signed, unencrypted JWT.
                o.DisableAccessTokenEncryption();
                o.AddEventHandler(ScopePermissions.Descriptor);
                o.AddEventHandler(TokenRefusals.Descriptor);
                o.AddEventHandler(TokenRefusals.Wording.Descriptor);
                var aspNetCore = o.UseAspNetCore().EnableAuthorizationEndpointPassthrough().EnableTokenEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough();
                if (!settings.RequireHttps) aspNetCore.DisableTransportSecurityRequirement();
            });
        return builder;
    }

    /// <summary>Every endpoint of the service (and the sign-in pages), in the order the OpenAPI document lists them.</summary>
    public static IEndpointRouteBuilder MapIdentityApis(this IEndpointRouteBuilder app)
    {
        app.MapOrgUnitReplicaApi(ApiPrefix);
        app.MapConnectEndpoints();
        app.MapAccountPages();
        app.MapUsersApi();
        app.MapClientsApi();
        app.MapAuditApi();
        return app;
    }
}

internal sealed class OwnKeysValidation(TokenKeyRing ring) : IPostConfigureOptions<JwtBearerOptions>
{
    public void PostConfigure(string? name, JwtBearerOptions options)
    {
        if (name != JwtBearerDefaults.AuthenticationScheme) return;
        var configured = options.TokenValidationParameters.IssuerSigningKey;
        options.TokenValidationParameters.IssuerSigningKeyResolver = (_, _, _, _) =>
            configured is null ? ring.SigningKeys : [.. ring.SigningKeys, configured];
    }
}
