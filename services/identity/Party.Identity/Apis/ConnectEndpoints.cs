using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Party.Identity.Data;
using Party.Identity.Domain.Clients;
using Party.ServiceDefaults.Auth;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Party.Identity.Apis;

/// <summary>
/// The two OpenIddict endpoints the service decides itself (pass-through): who gets a code after signing in, and what a
/// token says for each grant. OpenIddict has already checked the client, its secret, PKCE, redirect URIs and scopes.
/// </summary>
public static class ConnectEndpoints
{
    public static IEndpointRouteBuilder MapConnectEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], Authorize).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/connect/token", Token).AllowAnonymous().ExcludeFromDescription().DisableAntiforgery();
        app.MapMethods("/connect/logout", [HttpMethods.Get, HttpMethods.Post], (Func<HttpContext, Task<IResult>>)Logout)
            .AllowAnonymous().ExcludeFromDescription().DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> Authorize(HttpContext http, IdentityDbContext db, CancellationToken ct)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("not an OpenIddict request");
        var cookie = await http.AuthenticateAsync(Extensions.CookieScheme);
        var user = cookie.Succeeded ? await CurrentUserAsync(db, cookie.Principal!, ct) : null;
        if (user is null || request.HasPromptValue(PromptValues.Login))
        {
            if (request.HasPromptValue(PromptValues.None))
                return Forbid(Errors.LoginRequired, "需要登录。");
            return Results.Challenge(new AuthenticationProperties { RedirectUri = Relative(http) }, [Extensions.CookieScheme]);
        }
        if (user.MustChangePassword)
            return Results.Redirect($"{AccountPages.ChangePasswordPath}?returnUrl={Uri.EscapeDataString(Relative(http))}");
        return Results.SignIn(Principals.ForUser(user, request.GetScopes()), null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>
    /// Sign-out from a web client (RP-initiated logout): ends the sign-in cookie, so the next visit asks for the password
    /// again, and returns to the client's registered post-logout address (OpenIddict checked it), or to the sign-in page.
    /// </summary>
    private static async Task<IResult> Logout(HttpContext http)
    {
        await http.SignOutAsync(Extensions.CookieScheme);
        return Results.SignOut(new AuthenticationProperties { RedirectUri = AccountPages.LoginPath },
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }

    private static async Task<IResult> Token(HttpContext http, IdentityDbContext db, SecurityAudit audit, IHostEnvironment environment,
        CancellationToken ct)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("not an OpenIddict request");
        if (request.IsClientCredentialsGrantType())
        {
            var client = await db.Clients.AsNoTracking().FirstOrDefaultAsync(c => c.ClientId == request.ClientId, ct);
            if (client is not { Enabled: true, Kind: ClientKinds.Bureau })
                return Forbid(Errors.InvalidClient, "该客户端已停用或不存在。");
            var requested = request.GetScopes();
            var principal = Principals.ForClient(client, requested.IsEmpty ? client.Scopes : requested);
            audit.Record("client_token_issued", client.ClientId, client.DisplayName, "client", client.ClientId, "/",
                string.Join(' ', principal.GetScopes()));
            await db.SaveChangesAsync(ct);
            return Results.SignIn(principal, null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }
        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            var result = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            var client = await db.Clients.AsNoTracking().FirstOrDefaultAsync(c => c.ClientId == request.ClientId, ct);
            if (client is not { Enabled: true })
                return Forbid(Errors.InvalidClient, "该客户端已停用或不存在。");
            // The account is read again: a disabled account or a changed password ends every refresh.
            var user = result.Principal is { } p ? await CurrentUserAsync(db, p, ct) : null;
            if (user is null || user.MustChangePassword)
                return Forbid(Errors.InvalidGrant, "账号已停用或密码已更改，请重新登录。");
            return Results.SignIn(Principals.ForUser(user, result.Principal!.GetScopes()), null,
                OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }
        if (request.GrantType == Extensions.DevelopmentGrant && environment.IsDevelopment())
            return DevelopmentToken(request);
        return Forbid(Errors.UnsupportedGrantType, "不支持的授权方式。");
    }

    /// <summary>`./party token`: a token for any role and unit, as the HS256 development tokens were before the identity service.</summary>
    private static IResult DevelopmentToken(OpenIddictRequest request)
    {
        var role = (string?)request["role"];
        var orgText = (string?)request["org"];
        if (string.IsNullOrWhiteSpace(role) || !Guid.TryParse(orgText, out var org))
            return Forbid(Errors.InvalidRequest, "需要 role 和 org（组织单位编号）参数。");
        var subject = (string?)request["sub"] is { Length: > 0 } s ? s : $"{role}-dev";
        var name = (string?)request["name"] is { Length: > 0 } n ? n : subject;
        return Results.SignIn(Principals.ForDevelopment(subject, name, role, org, request.GetScopes()), null,
            OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>The account behind a cookie or a code/refresh token, if it still exists, is enabled and has the same stamp.</summary>
    internal static async Task<UserAccount?> CurrentUserAsync(IdentityDbContext db, ClaimsPrincipal principal, CancellationToken ct)
    {
        if (!Guid.TryParse(principal.FindFirst(PartyClaims.Subject)?.Value, out var id)) return null;
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct);
        return user is { Enabled: true } && user.SecurityStamp == principal.FindFirst(Principals.StampClaim)?.Value ? user : null;
    }

    private static string Relative(HttpContext http) => http.Request.PathBase + http.Request.Path + http.Request.QueryString;

    private static IResult Forbid(string error, string description) =>
        Results.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
