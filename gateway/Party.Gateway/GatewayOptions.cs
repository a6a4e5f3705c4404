namespace Party.Gateway;

/// <summary>
/// The gateway's own settings (configuration section <c>Gateway</c>, env <c>Gateway__…</c>).
/// Every value has a default in code: the app host starts the gateway from the repository root,
/// where no appsettings.json of this project is found.
/// </summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    public RateLimitOptions RateLimit { get; set; } = new();

    /// <summary>
    /// Failed attempts at the token endpoint and the sign-in page per client address (brute force on client secrets and
    /// passwords); successful requests are not counted, so integrations and busy offices are never slowed down.
    /// </summary>
    public RateLimitOptions SignInFailures { get; set; } = new() { PermitLimit = 20, WindowSeconds = 300 };

    /// <summary>Body limit of every route that does not name its own (bytes). Over it → 413 <c>request.too_large</c>.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Per-route overrides by route id (<c>Gateway:RouteMaxRequestBodyBytes:members-import</c>).</summary>
    public Dictionary<string, long> RouteMaxRequestBodyBytes { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Attempts for GET/HEAD when the upstream cannot be reached (1 = no retry).</summary>
    public int RetryMaxAttempts { get; set; } = 2;

    /// <summary>Active health probe of every destination's <c>/health</c>.</summary>
    public int HealthCheckIntervalSeconds { get; set; } = 5;
    public int HealthCheckTimeoutSeconds { get; set; } = 3;

    /// <summary>YARP load-balancing policy name: PowerOfTwoChoices (default) or RoundRobin, LeastRequests, Random, First.</summary>
    public string LoadBalancingPolicy { get; set; } = Yarp.ReverseProxy.LoadBalancing.LoadBalancingPolicies.PowerOfTwoChoices;

    public long MaxBodyBytesFor(string routeId) =>
        RouteMaxRequestBodyBytes.TryGetValue(routeId, out var limit) ? limit
        : routeId == ProxyRoutes.MembersImportRouteId ? ProxyRoutes.MembersImportDefaultMaxBytes
        : MaxRequestBodyBytes;
}

public sealed class RateLimitOptions
{
    /// <summary>Set false to switch the shared limit off (e.g. a benchmark of the bare proxy).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Requests one client may make per window, summed over every gateway replica.</summary>
    public int PermitLimit { get; set; } = 600;

    public int WindowSeconds { get; set; } = 10;

    /// <summary>
    /// Permits a replica takes from Redis at once, in percent of <see cref="PermitLimit"/> (at least one): the rest of
    /// the lease is spent without a Redis round trip. The limit is never exceeded; a client whose calls are spread over
    /// R replicas may be refused up to (R − 1) × lease calls before it, permits still leased to the other replicas.
    /// 0 asks Redis on every request (exact across replicas). Used by the per-client limit; the sign-in guard counts
    /// each failure in Redis.
    /// </summary>
    public int LeasePercent { get; set; } = 5;

    /// <summary>Prefix of the Redis keys (<c>{prefix}:{policy}:{client}</c>).</summary>
    public string KeyPrefix { get; set; } = "gw:rl";
}
