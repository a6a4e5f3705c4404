using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Party.Identity.Data;

/// <summary>
/// Asks the service's own discovery document and key set once it listens, and reports ready only then: the first
/// gateway and service that check a token fetch exactly these, and should not wait for OpenIddict's first-use setup.
/// </summary>
public sealed class Warmup(IServer server, IHostApplicationLifetime lifetime, ILogger<Warmup> log) : BackgroundService, IHealthCheck
{
    private volatile bool _done;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult())) await started.Task.WaitAsync(stoppingToken);
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (address is null)
        {
            _done = true; // an in-memory test server: nothing to call
            return;
        }
        using var http = new HttpClient
        {
            BaseAddress = new Uri(address.Replace("://+", "://127.0.0.1").Replace("://*", "://127.0.0.1")),
            Timeout = TimeSpan.FromMinutes(2),
        };
        while (!stoppingToken.IsCancellationRequested && !_done)
        {
            try
            {
                (await http.GetAsync("/.well-known/openid-configuration", stoppingToken)).EnsureSuccessStatusCode();
                (await http.GetAsync("/.well-known/jwks", stoppingToken)).EnsureSuccessStatusCode();
                _done = true;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
            {
                log.LogWarning("Warm-up request failed ({Reason}); trying again.", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_done
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("warming up: discovery document and keys not served yet"));
}
