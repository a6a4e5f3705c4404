using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Party.Persistence.Jobs;

/// <summary>
/// A check a service runs again and again in the background: each run in its own DI scope (its own DbContext), a
/// failed run logged and tried again at the next interval, and the stop of the host ends it. The subclass names the job,
/// its interval and the configuration key that overrides it, and does one run in <see cref="RunOnceAsync"/>; the
/// jobs make themselves idempotent and safe across replicas (an advisory lock, a row per day or week).
/// <para>
/// The interval is counted from the start of a run on the injected <see cref="TimeProvider"/>, so tests that move the
/// clock move the schedule: a clock moved past the next start while a run was busy starts the next run at once (it
/// cannot miss the move), and a clock moved back never makes the wait longer than one interval.
/// </para>
/// </summary>
public abstract class PeriodicJob(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration config, ILogger log)
    : BackgroundService
{
    /// <summary>What the job does, as the log names it ("Lost-contact check").</summary>
    protected abstract string Name { get; }

    /// <summary>The time between the starts of two runs unless <see cref="IntervalSecondsKey"/> sets it.</summary>
    protected abstract TimeSpan DefaultInterval { get; }

    /// <summary>The configuration key that sets the interval in seconds; null when the interval is fixed.</summary>
    protected virtual string? IntervalSecondsKey => null;

    protected TimeProvider Clock => clock;
    protected ILogger Log => log;

    /// <summary>One run; <paramref name="scoped"/> is the run's own scope, disposed when the run ends.</summary>
    protected abstract Task RunOnceAsync(IServiceProvider scoped, CancellationToken ct);

    public TimeSpan Interval => IntervalSecondsKey is { } key
        ? TimeSpan.FromSeconds(config.GetValue(key, DefaultInterval.TotalSeconds))
        : DefaultInterval;

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = Interval;
        while (!stoppingToken.IsCancellationRequested)
        {
            var started = clock.GetUtcNow();
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await RunOnceAsync(scope.ServiceProvider, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogWarning(e, "{Job} failed; next try in {Interval}", Name, interval);
            }
            var wait = started + interval - clock.GetUtcNow();
            if (wait <= TimeSpan.Zero) continue;
            try { await Task.Delay(wait < interval ? wait : interval, clock, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }
}
