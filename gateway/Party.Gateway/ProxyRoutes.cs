using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Party.Gateway;

/// <summary>One backend service: its name (cluster id, URL segment) and the replicas the app host started.</summary>
public sealed record UpstreamService(string Name, string Title, IReadOnlyList<string> Addresses);

/// <summary>
/// Builds YARP routes and clusters in code from the Aspire-style variables
/// <c>services__{name}__http__{n}</c> (and <c>__https__{n}</c>).
/// </summary>
public static class ProxyRoutes
{
    public const string MembersImportRouteId = "members-import";
    public const long MembersImportDefaultMaxBytes = 20L * 1024 * 1024;
    public const string HonorRollRouteId = "honors-roll";
    public const string PortalRouteId = "portal";

    /// <summary>The versioned path of the bureau-facing API: <c>/api/v1/…</c> forwards to the service's <c>/api/…</c>.</summary>
    public const string V1Prefix = "/api/v1";
    public const string V1Suffix = "-v1";

    /// <summary>
    /// On a versioned route, a <c>Link</c> the service wrote to one of its own paths (a deprecated operation's successor)
    /// points at the same version, so a bureau following it stays on the version it pinned.
    /// </summary>
    public static void VersionTransforms(TransformBuilderContext context)
    {
        if (!context.Route.RouteId.EndsWith(V1Suffix, StringComparison.Ordinal)) return;
        context.AddResponseTransform(transform =>
        {
            if (transform.ProxyResponse?.Headers.TryGetValues("Link", out var links) == true)
                transform.HttpContext.Response.Headers["Link"] = links
                    .Select(l => l.Replace("</api/", "<" + V1Prefix + "/", StringComparison.Ordinal))
                    .ToArray();
            return ValueTask.CompletedTask;
        });
    }

    /// <summary>The services the gateway fronts, in the order /docs lists them.</summary>
    public static readonly IReadOnlyList<(string Name, string Title)> Known =
    [
        ("members", "党员与积分"),
        ("branches", "党组织、评星定级与补贴"),
        ("resident-cadres", "驻村干部考勤与补助"),
        ("honors", "评先评优"),
        ("identity", "身份认证：账号、接入客户端、安全审计"),
        ("webhooks", "事件推送：县直部门订阅事件，签名推送"),
    ];

    /// <summary>
    /// The identity service's protocol endpoints and sign-in pages: anonymous by nature (they are how a caller gets a token).
    /// </summary>
    public static readonly IReadOnlyList<string> IdentityPublicPaths = ["/connect/{**rest}", "/.well-known/{**rest}", "/account/{**rest}"];

    public static IReadOnlyList<UpstreamService> ReadServices(IConfiguration configuration) =>
        Known.Select(s => Read(configuration, s.Name, s.Title)).ToList();

    /// <summary>
    /// The township portal (网页门户), served at <c>/</c> when the app host gave its address: every path no API route,
    /// identity page or gateway endpoint claims. Not a service: no OpenAPI document, no <c>/api</c> prefix.
    /// </summary>
    public static UpstreamService? ReadPortal(IConfiguration configuration) =>
        Read(configuration, PortalRouteId, "乡镇党建工作门户") is { Addresses.Count: > 0 } portal ? portal : null;

    private static UpstreamService Read(IConfiguration configuration, string name, string title)
    {
        var section = configuration.GetSection("services").GetSection(name);
        var addresses = new List<string>();
        foreach (var scheme in new[] { "https", "http" })
        {
            addresses.AddRange(section.GetSection(scheme).GetChildren()
                .OrderBy(c => int.TryParse(c.Key, out var n) ? n : int.MaxValue)
                .Select(c => c.Value)
                .Where(v => !string.IsNullOrWhiteSpace(v))
                .Select(v => v!.Trim().TrimEnd('/')));
        }
        return new UpstreamService(name, title, addresses.Distinct(StringComparer.OrdinalIgnoreCase).ToList());
    }

    public static IReadOnlyList<ClusterConfig> Clusters(IReadOnlyList<UpstreamService> services, GatewayOptions options) =>
        services.Select(s => new ClusterConfig
        {
            ClusterId = s.Name,
            LoadBalancingPolicy = options.LoadBalancingPolicy,
            Destinations = s.Addresses.Select((address, i) => (address, i))
                .ToDictionary(d => $"{s.Name}-{d.i}", d => new DestinationConfig { Address = d.address + "/" }),
            HealthCheck = new HealthCheckConfig
            {
                Active = new ActiveHealthCheckConfig
                {
                    Enabled = true,
                    Interval = TimeSpan.FromSeconds(Math.Max(1, options.HealthCheckIntervalSeconds)),
                    Timeout = TimeSpan.FromSeconds(Math.Max(1, options.HealthCheckTimeoutSeconds)),
                    Policy = HealthCheckConstants.ActivePolicy.ConsecutiveFailures,
                    Path = "/health",
                },
                Passive = new PassiveHealthCheckConfig
                {
                    Enabled = true,
                    Policy = HealthCheckConstants.PassivePolicy.TransportFailureRate,
                    ReactivationPeriod = TimeSpan.FromSeconds(30),
                },
                // A service whose database is unreachable reports unhealthy (503), yet may still answer some reads:
                // when every replica looks unhealthy, try them anyway rather than refuse everything.
                AvailableDestinationsPolicy = HealthCheckConstants.AvailableDestinations.HealthyOrPanic,
            },
        }).ToList();

    public static IReadOnlyList<RouteConfig> Routes(
        IReadOnlyList<UpstreamService> services, GatewayOptions options, UpstreamService? portal = null)
    {
        var routes = new List<RouteConfig>();
        foreach (var s in services)
        {
            routes.Add(Route($"{s.Name}-api", s.Name, $"/api/{s.Name}/{{**rest}}", GatewayPolicies.Authenticated, options));
        }
        // More specific routes first (lower Order wins among matches).
        routes.Add(Route(
            MembersImportRouteId, "members", "/api/members/members/import", GatewayPolicies.Authenticated, options, order: -10));
        foreach (var path in IdentityPublicPaths)
            routes.Add(Route(
                "identity-" + path.Split('/')[1].TrimStart('.'), "identity", path, GatewayPolicies.Anonymous, options, order: -10));
        // The honor roll is the only anonymous API (SPEC: public display of honors).
        routes.Add(Route(HonorRollRouteId, "honors", "/api/honors/roll/{**rest}", GatewayPolicies.Anonymous, options, order: -10,
            methods: ["GET", "HEAD"]));
        // Version 1 of every API route (docs/bureaus/versioning.md): /api/v1/{service}/… is today's /api/{service}/…, so a
        // bureau pins the version it was built against while the portal and existing clients keep the unversioned paths.
        routes.AddRange(routes.Where(r => r.Match.Path!.StartsWith("/api/", StringComparison.Ordinal)).ToList().Select(r => r with
        {
            RouteId = r.RouteId + V1Suffix,
            Match = r.Match with { Path = V1Prefix + r.Match.Path!["/api".Length..] },
            Transforms = [new Dictionary<string, string> { ["PathPattern"] = r.Match.Path! }],
        }));
        // Last of all (the gateway's own endpoints and every route above come first); the portal signs its users in itself.
        if (portal is not null) routes.Add(Route(PortalRouteId, portal.Name, "/{**rest}", GatewayPolicies.Anonymous, options, order: 100));
        return routes;
    }

    private static RouteConfig Route(string id, string cluster, string path, string authorization, GatewayOptions options,
        int order = 0, IReadOnlyList<string>? methods = null) => new()
    {
        RouteId = id,
        ClusterId = cluster,
        Order = order,
        Match = new RouteMatch { Path = path, Methods = methods },
        AuthorizationPolicy = authorization,
        RateLimiterPolicy = GatewayPolicies.PerClientRateLimit,
        MaxRequestBodySize = options.MaxBodyBytesFor(id),
        // The path goes through unchanged (no prefix is stripped); the Authorization header and
        // X-Correlation-Id are ordinary request headers and are copied as they are.
    };
}

public static class GatewayPolicies
{
    /// <summary>Named authorization policy: any caller with a valid JWT.</summary>
    public const string Authenticated = "authenticated";

    /// <summary>YARP's reserved value that disables authorization for a route.</summary>
    public const string Anonymous = "Anonymous";

    /// <summary>The Redis-backed per-client rate-limit policy.</summary>
    public const string PerClientRateLimit = "per-client";
}
