using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Party.Identity.Apis;

/// <summary>
/// A client asking for a scope it was not given gets <c>invalid_scope</c> (RFC 6749 §5.2), which tells an integrator
/// what to fix; OpenIddict's own check, which runs right after, would answer the vaguer <c>invalid_request</c>.
/// </summary>
public sealed class ScopePermissions(IOpenIddictApplicationManager applications) : IOpenIddictServerHandler<ValidateTokenRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor
        .CreateBuilder<ValidateTokenRequestContext>()
        .UseScopedHandler<ScopePermissions>()
        .SetOrder(OpenIddictServerHandlers.Exchange.ValidateScopePermissions.Descriptor.Order - 1)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    public async ValueTask HandleAsync(ValidateTokenRequestContext context)
    {
        if (string.IsNullOrEmpty(context.ClientId) || await applications.FindByClientIdAsync(context.ClientId) is not { } application)
            return;
        foreach (var scope in context.Request.GetScopes())
        {
            if (scope is Scopes.OpenId or Scopes.OfflineAccess) continue;
            if (!await applications.HasPermissionAsync(application, Permissions.Prefixes.Scope + scope))
            {
                context.Reject(Errors.InvalidScope, $"该客户端未获授权范围 {scope}。");
                return;
            }
        }
    }
}
