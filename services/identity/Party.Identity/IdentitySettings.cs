namespace Party.Identity;

/// <summary>The service's settings (<c>Identity:*</c>); the issuer is <c>Party:Auth:Issuer</c>, shared with every validator.</summary>
public sealed class IdentitySettings
{
    public const string Section = "Identity";

    /// <summary>
    /// The public issuer URL (the gateway's address, <c>Party:Auth:Issuer</c>): what tokens carry as <c>iss</c> and validators expect.
    /// </summary>
    public Uri Issuer { get; set; } = null!;
    /// <summary>Plain http for the issuer and the sign-in pages; only for a machine-local installation.</summary>
    public bool RequireHttps { get; set; } = true;
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(30);
    /// <summary>A refresh token outlives a working day, not a week: an office PC left signed in asks again the next morning.</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromHours(12);
    /// <summary>Development only: the secret of the <c>party-dev</c> client that `./party token` and the system tests use.</summary>
    public string? DevelopmentClientSecret { get; set; }
    /// <summary>The first operator account, created with this initial password when no operator exists yet.</summary>
    public string SeedOperatorAccount { get; set; } = "admin";
    public string? SeedOperatorPassword { get; set; }
    /// <summary>The township portal's client, registered at start-up by the installation (the app host) rather than by hand.</summary>
    public PortalClientSettings? PortalClient { get; set; }
}

/// <summary>
/// A web client the installation registers itself (<c>Identity:PortalClient:*</c>): a confidential client with the
/// authorization-code flow and PKCE, refresh tokens, and sign-out back to the portal.
/// </summary>
public sealed class PortalClientSettings
{
    public string ClientId { get; set; } = "party-portal";
    public string DisplayName { get; set; } = "乡镇党建工作门户";
    public string? Secret { get; set; }
    public string[] RedirectUris { get; set; } = [];
    public string[] PostLogoutRedirectUris { get; set; } = [];
}
