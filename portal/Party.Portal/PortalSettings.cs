namespace Party.Portal;

/// <summary>
/// The portal's settings (<c>Portal:*</c>), given by the app host: where the gateway is (every API call and the identity
/// service's sign-in pages go through it) and the portal's own client registration at the identity service.
/// </summary>
public sealed class PortalSettings
{
    public const string Section = "Portal";

    /// <summary>The gateway's public address, e.g. <c>http://127.0.0.1:8080</c>; also the token issuer.</summary>
    public string GatewayUrl { get; set; } = "http://127.0.0.1:8080";
    public string ClientId { get; set; } = "party-portal";
    public string? ClientSecret { get; set; }
    /// <summary>Plain http to the issuer; only for a machine-local installation.</summary>
    public bool RequireHttps { get; set; } = true;
    /// <summary>Refresh the access token this long before it expires, so no API call carries one that dies on the way.</summary>
    public TimeSpan RefreshAhead { get; set; } = TimeSpan.FromSeconds(60);

    public Uri Gateway => new(GatewayUrl.TrimEnd('/') + "/");
}
