using OpenIddict.Abstractions;
using Party.Identity.Data;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Party.Identity.Domain.Clients;

public static class ClientKinds
{
    /// <summary>A county bureau's integration: client credentials, the scopes of its bureau.</summary>
    public const string Bureau = "bureau";
    /// <summary>A web application such as the township portal: authorization code + PKCE, refresh tokens.</summary>
    public const string Web = "web";
}

/// <summary>A client registration (接入客户端) as OpenIddict's application: the grants, endpoints and scopes it may use.</summary>
public static class ClientPermissions
{
    /// <summary>
    /// What OpenIddict enforces: a disabled client keeps no permission, so every grant is refused by OpenIddict itself.
    /// </summary>
    public static void Apply(ClientRegistration client, OpenIddictApplicationDescriptor d)
    {
        d.DisplayName = client.DisplayName;
        d.Permissions.Clear();
        d.Requirements.Clear();
        d.RedirectUris.Clear();
        if (!client.Enabled) return;
        d.Permissions.Add(Permissions.Endpoints.Token);
        d.Permissions.Add(Permissions.Endpoints.Revocation);
        if (client.Kind == ClientKinds.Bureau)
        {
            d.Permissions.Add(Permissions.GrantTypes.ClientCredentials);
        }
        else
        {
            d.ApplicationType = ApplicationTypes.Web;
            d.Permissions.UnionWith([
                Permissions.Endpoints.Authorization, Permissions.Endpoints.EndSession, Permissions.GrantTypes.AuthorizationCode,
                Permissions.GrantTypes.RefreshToken, Permissions.ResponseTypes.Code, Permissions.Scopes.Profile,
            ]);
            d.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
            foreach (var uri in client.RedirectUris) d.RedirectUris.Add(new Uri(uri));
        }
        foreach (var scope in client.Scopes) d.Permissions.Add(Permissions.Prefixes.Scope + scope);
    }
}
