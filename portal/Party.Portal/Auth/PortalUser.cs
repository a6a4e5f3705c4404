using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace Party.Portal.Auth;

/// <summary>The signed-in person as the pages need them: name, role and the unit whose subtree they may see.</summary>
public sealed class PortalUser(AuthenticationStateProvider authentication)
{
    public async Task<Person> CurrentAsync()
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        return Person.From(user);
    }
}

public sealed record Person(string Subject, string Name, string Role, Guid Org)
{
    public static Person From(ClaimsPrincipal user) => new(
        user.FindFirstValue(PortalClaims.Subject) ?? "",
        user.FindFirstValue(PortalClaims.Name) ?? "",
        user.FindFirstValue(PortalClaims.Role) ?? "",
        Guid.TryParse(user.FindFirstValue(PortalClaims.Org), out var org) ? org : Guid.Empty);

    public bool IsCounty => Role is Roles.County or Roles.Operator;
    public bool IsTownship => Role == Roles.Township;
    public bool IsBranch => Role == Roles.Branch;
    public bool IsCadre => Role == Roles.Cadre;
}

/// <summary>The role names tokens carry (identity service).</summary>
public static class Roles
{
    public const string County = "county";
    public const string Township = "township";
    public const string Branch = "branch";
    public const string Cadre = "cadre";
    public const string Operator = "operator";
}
