using OpenIddict.Server;
using Party.Identity.Data;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Party.Identity.Apis;

/// <summary>
/// Every refusal at the token endpoint, whoever refused it (OpenIddict's checks or <see cref="ConnectEndpoints"/>), is logged
/// once here with its error code; a refused client (令牌拒绝: a wrong or rotated secret, a disabled or unknown client) is
/// also a security event, saved in the audit beside the client's other events and logged as a warning. OpenIddict's own
/// lines are kept to its warnings (see <see cref="Extensions.AddIdentity"/>): at Information it wrote four for every token it
/// issued, so a morning of sign-ins pushed everything else out of the dashboard's log.
/// </summary>
public sealed class TokenRefusals(SecurityAudit audit, IdentityDbContext db, ILogger<TokenRefusals> log)
    : IOpenIddictServerHandler<ApplyTokenResponseContext>
{
    public const string ClientRefused = "client_token_refused";

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor
        .CreateBuilder<ApplyTokenResponseContext>()
        .UseScopedHandler<TokenRefusals>()
        // Before the ASP.NET Core handlers write the response and end the request.
        .SetOrder(int.MinValue + 100_000)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    public async ValueTask HandleAsync(ApplyTokenResponseContext context)
    {
        if (context.Response.Error is not { } error) return;
        var clientId = context.Request?.ClientId ?? "";
        var grantType = context.Request?.GrantType ?? "";
        var description = context.Response.ErrorDescription ?? "";
        if (error is not (Errors.InvalidClient or Errors.UnauthorizedClient))
        {
            log.LogInformation("Token request refused ({Error}): client {ClientId}, grant {GrantType}: {Description}", error, clientId,
                grantType, description);
            return;
        }
        log.LogWarning("Token request of client {ClientId} refused ({Error}), grant {GrantType}: {Description}", clientId, error,
            grantType, description);
        audit.Record(ClientRefused, clientId, clientId, "client", clientId, "/", $"{error} {grantType}: {description}");
        await db.SaveChangesAsync(context.CancellationToken);
    }
}
