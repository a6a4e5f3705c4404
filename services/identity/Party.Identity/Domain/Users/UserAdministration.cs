using Party.ServiceDefaults.Auth;

namespace Party.Identity.Domain.Users;

/// <summary>
/// Who manages which accounts (账号管理): an operator everything; the county and township committees the accounts
/// inside their own subtree, at their own level or below; branches, cadres and bureaus none.
/// </summary>
public static class UserAdministration
{
    /// <summary>The roles a user account can have (a bureau is a client, never a user).</summary>
    public static readonly IReadOnlyList<string> UserRoles =
        [PartyRoles.County, PartyRoles.Township, PartyRoles.Branch, PartyRoles.Cadre, PartyRoles.Operator];

    /// <summary>Scopes a user account may hold beyond its role (today: reading full citizen ids).</summary>
    public static readonly IReadOnlyList<string> UserScopes = ["pii.read"];

    public static bool ManagesUsers(string callerRole) => callerRole is PartyRoles.Operator or PartyRoles.County or PartyRoles.Township;

    public static bool MayAssign(string callerRole, string targetRole) => callerRole switch
    {
        PartyRoles.Operator => UserRoles.Contains(targetRole),
        PartyRoles.County => targetRole is PartyRoles.County or PartyRoles.Township or PartyRoles.Branch or PartyRoles.Cadre,
        PartyRoles.Township => targetRole is PartyRoles.Township or PartyRoles.Branch or PartyRoles.Cadre,
        _ => false,
    };

    /// <summary>An operator runs the installation and belongs to no unit; everyone else has one.</summary>
    public static bool NeedsOrgUnit(string role) => role != PartyRoles.Operator;

    public static string NormalizeAccountName(string accountName) => accountName.Trim().ToLowerInvariant();

    /// <summary>Account names: 3–50 letters, digits, '.', '_' or '-', starting with a letter or digit.</summary>
    public static bool IsValidAccountName(string? name) =>
        name is { Length: >= 3 and <= 50 } && char.IsAsciiLetterOrDigit(name[0])
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    public static bool IsValidMobile(string? mobile) =>
        mobile is { Length: 11 } && mobile[0] == '1' && mobile[1] is >= '3' and <= '9' && mobile.All(char.IsAsciiDigit);
}
