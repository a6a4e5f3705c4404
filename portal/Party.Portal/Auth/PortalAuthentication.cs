using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Party.Portal.Auth;

/// <summary>
/// Signing in: OpenID Connect authorization code flow with PKCE against the identity service (through the gateway, the
/// issuer's address), the portal a confidential client. The portal's cookie holds the person's claims and a session key;
/// the tokens stay on the server (<see cref="PortalSessions"/>).
/// </summary>
public static class PortalAuthentication
{
    public const string SignInPath = "/signin";
    public const string SignOutPath = "/signout";
    private const string IdTokenItem = ".id_token";

    public static WebApplicationBuilder AddPortalAuthentication(this WebApplicationBuilder builder, PortalSettings settings)
    {
        builder.Services.AddSingleton<PortalSessions>();
        builder.Services.AddHttpClient(PortalSessions.TokenClientName, c =>
        {
            c.BaseAddress = settings.Gateway;
            c.Timeout = TimeSpan.FromSeconds(15);
        });
        builder.Services.AddAuthentication(o =>
            {
                o.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                o.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie(o =>
            {
                o.Cookie.Name = "party.portal";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                // As long as the identity service's refresh token: an office PC left signed in asks again the next morning.
                o.ExpireTimeSpan = TimeSpan.FromHours(12);
                o.SlidingExpiration = false;
                o.Events.OnValidatePrincipal = ctx =>
                {
                    // Tokens gone (the portal restarted, the refresh was refused): sign in again, silently if the identity
                    // service still knows the browser.
                    var sessions = ctx.HttpContext.RequestServices.GetRequiredService<PortalSessions>();
                    if (!sessions.Exists(ctx.Principal?.FindFirstValue(PortalSessions.SessionClaim))) ctx.RejectPrincipal();
                    return Task.CompletedTask;
                };
            })
            .AddOpenIdConnect(o =>
            {
                o.Authority = settings.Gateway.AbsoluteUri;
                o.RequireHttpsMetadata = settings.RequireHttps;
                o.ClientId = settings.ClientId;
                o.ClientSecret = settings.ClientSecret;
                o.ResponseType = OpenIdConnectResponseType.Code;
                // The browser comes back with a plain GET to the same site, so the correlation cookies can stay Lax and
                // work on plain http (SameSite=None would need Secure).
                o.ResponseMode = OpenIdConnectResponseMode.Query;
                o.CorrelationCookie.SameSite = SameSiteMode.Lax;
                o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.NonceCookie.SameSite = SameSiteMode.Lax;
                o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.UsePkce = true;
                o.Scope.Clear();
                foreach (var scope in new[] { "openid", "profile", "offline_access" }) o.Scope.Add(scope);
                o.SaveTokens = false;
                o.GetClaimsFromUserInfoEndpoint = false;
                o.MapInboundClaims = false;
                o.TokenValidationParameters.NameClaimType = PortalClaims.Name;
                o.TokenValidationParameters.RoleClaimType = PortalClaims.Role;
                o.CallbackPath = "/signin-oidc";
                o.SignedOutCallbackPath = "/signout-callback-oidc";
                o.SignedOutRedirectUri = "/";
                o.Events.OnTokenValidated = ctx =>
                {
                    var response = ctx.TokenEndpointResponse!;
                    var lifetime = int.TryParse(response.ExpiresIn, out var seconds)
                        ? TimeSpan.FromSeconds(seconds)
                        : TimeSpan.FromMinutes(5);
                    var sessions = ctx.HttpContext.RequestServices.GetRequiredService<PortalSessions>();
                    var id = sessions.Add(response.AccessToken, response.RefreshToken, response.IdToken, lifetime);
                    // Only what the pages need; the id token's protocol claims (nonce, at_hash …) stay out of the cookie.
                    var claims = ctx.Principal!.Claims
                        .Where(c => PortalClaims.Kept.Contains(c.Type))
                        .Append(new Claim(PortalSessions.SessionClaim, id));
                    ctx.Principal = new ClaimsPrincipal(new ClaimsIdentity(claims, ctx.Scheme.Name, PortalClaims.Name, PortalClaims.Role));
                    return Task.CompletedTask;
                };
                o.Events.OnRedirectToIdentityProviderForSignOut = ctx =>
                {
                    if (ctx.Properties.Items.TryGetValue(IdTokenItem, out var idToken) && idToken is not null)
                        ctx.ProtocolMessage.IdTokenHint = idToken;
                    ctx.ProtocolMessage.ClientId = settings.ClientId;
                    return Task.CompletedTask;
                };
                o.Events.OnRemoteFailure = ctx =>
                {
                    // A stale or replayed callback (back button, a second tab): start again rather than show an exception.
                    ctx.HandleResponse();
                    ctx.Response.Redirect("/");
                    return Task.CompletedTask;
                };
            });
        return builder;
    }

    public static IEndpointRouteBuilder MapPortalAccount(this IEndpointRouteBuilder app)
    {
        // A page whose session ended sends the browser here (a full load) to sign in again and come back.
        app.MapGet(SignInPath, (string? returnUrl) =>
                Results.Challenge(new AuthenticationProperties { RedirectUri = LocalOrRoot(returnUrl) }))
            .AllowAnonymous();
        app.MapPost(SignOutPath, SignOutAsync).RequireAuthorization();
        return app;
    }

    private static async Task<IResult> SignOutAsync(HttpContext http, [FromServices] PortalSessions sessions,
        [FromServices] IHttpClientFactory clients, [FromServices] IOptions<PortalSettings> settings, [FromServices] ILoggerFactory logs)
    {
        var session = sessions.Remove(http.User.FindFirstValue(PortalSessions.SessionClaim));
        if (session?.RefreshToken is { } refresh)
        {
            // Revoked, so a copied refresh token is useless after sign-out; the sign-out goes on if the revocation fails.
            try
            {
                using var response = await clients.CreateClient(PortalSessions.TokenClientName).PostAsync("connect/revoke",
                    new FormUrlEncodedContent(new Dictionary<string, string>
                    {
                        ["token"] = refresh, ["token_type_hint"] = "refresh_token",
                        ["client_id"] = settings.Value.ClientId, ["client_secret"] = settings.Value.ClientSecret ?? "",
                    }), http.RequestAborted);
            }
            catch (HttpRequestException e)
            {
                logs.CreateLogger("Party.Portal.SignOut").LogWarning(e, "Revoking the refresh token at sign-out failed.");
            }
        }
        var properties = new AuthenticationProperties { RedirectUri = "/" };
        if (session?.IdToken is { } idToken) properties.Items[IdTokenItem] = idToken;
        return Results.SignOut(properties, [CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme]);
    }

    private static string LocalOrRoot(string? url) =>
        url is { Length: > 0 } && url.StartsWith('/')
            && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url
            : "/";
}

/// <summary>The claims every token carries (identity service: <c>sub</c>, <c>name</c>, <c>role</c>, <c>org</c>).</summary>
public static class PortalClaims
{
    public const string Subject = "sub";
    public const string Name = "name";
    public const string Role = "role";
    public const string Org = "org";
    public static readonly string[] Kept = [Subject, Name, Role, Org];
}
