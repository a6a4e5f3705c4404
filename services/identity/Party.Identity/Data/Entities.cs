namespace Party.Identity.Data;

/// <summary>An office user or resident cadre who signs in (用户账号). <see cref="Id"/> is the <c>sub</c> of their tokens.</summary>
public sealed class UserAccount
{
    public Guid Id { get; set; }
    /// <summary>Lower case, unique; what the person types on the sign-in page.</summary>
    public required string AccountName { get; set; }
    public required string DisplayName { get; set; }
    public string? Mobile { get; set; }
    public required string Role { get; set; }
    /// <summary>The unit of the account's scope; none for an operator.</summary>
    public Guid? OrgUnitId { get; set; }
    /// <summary>Materialized path of <see cref="OrgUnitId"/> when the account was last saved, so lists filter by subtree in SQL.</summary>
    public required string OrgPath { get; set; }
    public string[] Scopes { get; set; } = [];
    public bool Enabled { get; set; } = true;
    public required string PasswordHash { get; set; }
    /// <summary>Set for a password someone else chose (the initial one, a reset): it must be changed at the next sign-in.</summary>
    public bool MustChangePassword { get; set; }
    /// <summary>
    /// Changes when the password changes or the account is disabled; tokens and cookies carrying an older one stop working.
    /// </summary>
    public required string SecurityStamp { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastSignInAt { get; set; }
    public uint Version { get; set; }
}

/// <summary>Failed sign-ins per account name (existing or not), see <see cref="Domain.Users.Lockout"/>.</summary>
public sealed class SignInThrottle
{
    public required string AccountName { get; set; }
    public int Failures { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
}

/// <summary>
/// A registered client (bureau integration or web application). The secret and the grant permissions live in
/// OpenIddict's application row; this row is what operators list and what decides whether the client may get tokens.
/// </summary>
public sealed class ClientRegistration
{
    public required string ClientId { get; set; }
    public required string DisplayName { get; set; }
    /// <summary><c>bureau</c> (client credentials) or <c>web</c> (authorization code + PKCE, refresh tokens).</summary>
    public required string Kind { get; set; }
    public string? Bureau { get; set; }
    public string[] Scopes { get; set; } = [];
    public string[] RedirectUris { get; set; } = [];
    /// <summary>The unit a bureau's tokens carry as <c>org</c> (the county).</summary>
    public Guid? OrgUnitId { get; set; }
    public bool Enabled { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset SecretIssuedAt { get; set; }
    public uint Version { get; set; }
}

/// <summary>
/// A key the service signs or encrypts tokens with, kept in the database so restarts and replicas share it. The newest
/// active signing key signs; every key not retired is published (JWKS) so tokens signed before a rotation stay valid.
/// </summary>
public sealed class TokenKey
{
    public Guid Id { get; set; }
    /// <summary><c>sig</c> or <c>enc</c>.</summary>
    public required string Use { get; set; }
    public required string KeyId { get; set; }
    /// <summary>PKCS#8 RSA private key, base64.</summary>
    public required string Material { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RetiredAt { get; set; }
}

/// <summary>Security audit (安全审计): sign-ins, failures, lockouts, account and client changes, with the caller's address.</summary>
public sealed class SecurityEvent
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Action { get; set; }
    /// <summary><c>sub</c> of who did it (a user id, a client id, <c>system</c>), or the account name typed for a failed sign-in.</summary>
    public required string Actor { get; set; }
    public required string ActorName { get; set; }
    public string? Address { get; set; }
    /// <summary><c>user</c>, <c>client</c>, <c>key</c> or <c>sign_in</c>.</summary>
    public required string Entity { get; set; }
    public required string EntityId { get; set; }
    public string? Detail { get; set; }
    /// <summary>The org path the event belongs to ("/" for installation-wide ones).</summary>
    public required string OrgPath { get; set; }
}
