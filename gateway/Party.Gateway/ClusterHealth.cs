using Microsoft.Extensions.Diagnostics.HealthChecks;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace Party.Gateway;

/// <summary>
/// The gateway's readiness names every cluster that has no healthy instance left (its routes answer 503):
/// Degraded, not Unhealthy, because the gateway still serves the other clusters (see <c>HealthReports</c>).
/// </summary>
public sealed class ClusterHealthCheck(IProxyStateLookup proxy) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var data = new Dictionary<string, object>();
        var down = new List<string>();
        foreach (var cluster in proxy.GetClusters().OrderBy(c => c.ClusterId, StringComparer.Ordinal))
        {
            var total = cluster.Destinations.Count;
            // Counted from each destination's probe results, not AvailableDestinations: with the HealthyOrPanic policy
            // that list falls back to every destination when none is healthy.
            var available = cluster.Destinations.Values.Count(d =>
                d.Health.Active != DestinationHealth.Unhealthy && d.Health.Passive != DestinationHealth.Unhealthy);
            data[cluster.ClusterId] = $"{available}/{total}";
            if (available == 0) down.Add($"{cluster.ClusterId}（0/{total} 个实例健康）");
        }
        return Task.FromResult(down.Count == 0
            ? HealthCheckResult.Healthy("每个服务都有健康的实例", data)
            : HealthCheckResult.Degraded($"没有健康实例的服务：{string.Join("、", down)}", data: data));
    }
}
