using System.Security.Claims;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using Party.Identity.Data;
using Party.ServiceDefaults.Auth;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Party.Identity.Apis;

/// <summary>
/// The identities tokens are made from, with the claim names every service reads (<c>sub</c>, <c>name</c>, <c>role</c>,
/// <c>org</c>, <c>scope</c>) and the audience they validate.
/// </summary>
public static class Principals
{
    public const string Audience = "party-api";
    /// <summary>Kept in codes and refresh tokens only: a password change or a disabled account makes them useless.</summary>
    public const string StampClaim = "party_stamp";
    private static readonly string[] ProtocolScopes = [Scopes.OpenId, Scopes.Profile, Scopes.OfflineAccess];

    /// <summary>A signed-in person: the protocol scopes they asked for plus the scopes their account holds.</summary>
    public static ClaimsPrincipal ForUser(UserAccount user, IEnumerable<string> requestedScopes)
    {
        var identity = Build(user.Id.ToString(), user.DisplayName, user.Role, user.OrgUnitId ?? Guid.Empty);
        identity.SetClaim(StampClaim, user.SecurityStamp);
        identity.SetScopes(requestedScopes.Where(ProtocolScopes.Contains).Concat(user.Scopes).Distinct());
        return Finish(identity);
    }

    /// <summary>A bureau's integration: the client is the subject, its unit the county.</summary>
    public static ClaimsPrincipal ForClient(ClientRegistration client, IEnumerable<string> scopes)
    {
        var identity = Build(client.ClientId, client.DisplayName, PartyRoles.Bureau, client.OrgUnitId ?? Guid.Empty);
        if (client.Bureau is not null) identity.SetClaim(PartyClaims.Bureau, client.Bureau);
        identity.SetScopes(scopes);
        return Finish(identity);
    }

    /// <summary>Development only: whatever `./party token` asks for.</summary>
    public static ClaimsPrincipal ForDevelopment(string subject, string name, string role, Guid org, IEnumerable<string> scopes)
    {
        var identity = Build(subject, name, role, org);
        identity.SetScopes(scopes);
        return Finish(identity);
    }

    private static ClaimsIdentity Build(string subject, string name, string role, Guid org)
    {
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, subject)
            .SetClaim(Claims.Name, name)
            .SetClaim(Claims.Role, role)
            .SetClaim(PartyClaims.Org, org.ToString());
        return identity;
    }

    private static ClaimsPrincipal Finish(ClaimsIdentity identity)
    {
        identity.SetResources(Audience);
        identity.SetDestinations(claim => claim.Type switch
        {
            Claims.Subject or Claims.Name or Claims.Role or PartyClaims.Org => [Destinations.AccessToken, Destinations.IdentityToken],
            PartyClaims.Bureau => [Destinations.AccessToken],
            _ => [],
        });
        return new ClaimsPrincipal(identity);
    }
}
