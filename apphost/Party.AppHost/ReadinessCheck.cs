using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Party.AppHost;

/// <summary>
/// A service's health as the app host (and the dashboard, and <c>WaitFor</c>) sees it: its <c>/health</c> answering 200.
/// Aspire runs a resource's check every 1, 2, 3, 4, then 5 s while it is not healthy, so a service that became ready just
/// after a check was reported up to 5 s late — a sixth of the time a restart after a crash may take. While the service is
/// not ready, this check asks again every 200 ms for up to <see cref="Window"/> before it answers, so readiness is seen
/// within 200 ms; a ready service answers the first request, as with Aspire's own HTTP check.
/// </summary>
internal sealed class ReadinessCheck(Func<Uri> health) : IHealthCheck
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(200);
    private static readonly HttpClient Http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
    {
        Timeout = TimeSpan.FromSeconds(2),
    };

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var asking = Stopwatch.StartNew();
        while (true)
        {
            string reason;
            try
            {
                using var response = await Http.GetAsync(health(), cancellationToken);
                if (response.IsSuccessStatusCode) return HealthCheckResult.Healthy();
                reason = $"/health answered {(int)response.StatusCode}";
            }
            catch (HttpRequestException e)
            {
                reason = e.Message;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                reason = $"/health did not answer within {Http.Timeout.TotalSeconds:0} s";
            }
            if (asking.Elapsed + Pause > Window) return HealthCheckResult.Unhealthy(reason);
            await Task.Delay(Pause, cancellationToken);
        }
    }
}

public static class ReadinessCheckExtensions
{
    /// <summary>
    /// Healthy when <c>GET /health</c> on the resource's <c>http</c> endpoint answers 200 (see <see cref="ReadinessCheck"/>).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithReadinessCheck(this IResourceBuilder<ProjectResource> resource)
    {
        var endpoint = resource.GetEndpoint("http");
        Uri? health = null;
        resource.OnBeforeResourceStarted((_, _, _) =>
        {
            health = new Uri(new Uri(endpoint.Url), "/health");
            return Task.CompletedTask;
        });
        var key = $"{resource.Resource.Name}_ready";
        resource.ApplicationBuilder.Services.AddHealthChecks().Add(new HealthCheckRegistration(key,
            _ => new ReadinessCheck(() =>
                health ?? throw new InvalidOperationException($"{resource.Resource.Name} has no address before it starts.")),
            failureStatus: null, tags: null));
        return resource.WithHealthCheck(key);
    }
}
