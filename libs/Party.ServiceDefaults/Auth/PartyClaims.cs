using System.Security.Claims;

namespace Party.ServiceDefaults.Auth;

/// <summary>The claim names every token carries and every service reads.</summary>
public static class PartyClaims
{
    public const string Subject = "sub";
    public const string Name = "name";
    public const string Role = "role";
    public const string Org = "org";
    public const string Scope = "scope";
    /// <summary>A bureau client's bureau (identity's registration, e.g. <c>discipline</c>): the unit it speaks for, whatever its client id.</summary>
    public const string Bureau = "bureau";

    public static Guid? OrgId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirst(Org)?.Value, out var id) ? id : null;

    public static bool HasScope(this ClaimsPrincipal user, string scope) =>
        user.FindAll(Scope).SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Contains(scope);
}

/// <summary>Roles of SPEC §1; a bureau client is a machine caller identified by its scopes.</summary>
public static class PartyRoles
{
    public const string County = "county";
    public const string Township = "township";
    public const string Branch = "branch";
    public const string Cadre = "cadre";
    public const string Bureau = "bureau";
    public const string Operator = "operator";
}
