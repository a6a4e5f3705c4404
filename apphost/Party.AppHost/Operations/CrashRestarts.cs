using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Party.AppHost.Operations;

/// <summary>
/// Aspire leaves a process that died on its own in state Finished. This watches the resources marked
/// <see cref="RestartOnCrashAnnotation"/> and starts one again when it goes from Running to an end state outside
/// shutdown, at once the first time and then with back-off (1, 2, 4 … 30 s) and at most 5 restarts a minute, so a crash loop does not spin.
/// A Stop from the dashboard passes through Stopping and is left alone.
/// It watches from before the orchestrator starts: Aspire's start waits until every resource has started, so a process
/// that crashes during start-up (and holds up those waiting for it) must already be covered.
/// </summary>
internal sealed class CrashRestarts(
    ResourceNotificationService notifications,
    ResourceCommandService commands,
    ResourceLoggerService resourceLogs,
    IHostApplicationLifetime lifetime,
    ILogger<CrashRestarts> log) : IHostedLifecycleService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _watching = Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        _watching = Task.Run(() => ExecuteAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => _stopping.CancelAsync();
    public Task StopAsync(CancellationToken cancellationToken) => _watching.WaitAsync(cancellationToken);
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public void Dispose() => _stopping.Dispose();

    private const int MaxPerMinute = 5;
    private static readonly HashSet<string> EndStates =
        [KnownResourceStates.Finished, KnownResourceStates.Exited, KnownResourceStates.FailedToStart];

    private readonly Dictionary<string, string?> _states = [];
    private readonly Dictionary<string, List<DateTimeOffset>> _restarts = [];

    private async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await WatchAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task WatchAsync(CancellationToken stoppingToken)
    {
        await foreach (var update in notifications.WatchAsync(stoppingToken))
        {
            var state = update.Snapshot.State?.Text;
            _states.TryGetValue(update.ResourceId, out var previous);
            _states[update.ResourceId] = state;
            if (previous == KnownResourceStates.Running && state is not null && EndStates.Contains(state)
                && update.Resource.HasAnnotationOfType<RestartOnCrashAnnotation>()
                && !lifetime.ApplicationStopping.IsCancellationRequested)
            {
                _ = RestartAsync(update, stoppingToken);
            }
        }
    }

    private async Task RestartAsync(ResourceEvent update, CancellationToken ct)
    {
        var id = update.ResourceId;
        var resourceLog = resourceLogs.GetLogger(id);
        var now = DateTimeOffset.UtcNow;
        List<DateTimeOffset> recent;
        lock (_restarts)
        {
            recent = _restarts.TryGetValue(id, out var r) ? r : _restarts[id] = [];
            recent.RemoveAll(t => now - t > TimeSpan.FromMinutes(1));
            if (recent.Count >= MaxPerMinute)
            {
                resourceLog.LogError(
                    "[party] {Resource} crashed {Count} times within a minute: not restarting it. Start it from the dashboard after a fix.",
                    id, recent.Count + 1);
                log.LogError("{Resource} is in a crash loop; left stopped", id);
                return;
            }
            recent.Add(now);
        }
        // The first crash of a minute restarts at once; a process that keeps crashing waits 1, 2, 4 … s.
        var delay = recent.Count == 1 ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, recent.Count - 2)));
        resourceLog.LogWarning("[party] {Resource} exited unexpectedly (exit code {ExitCode}); restart {Count} of this minute in {Delay} s",
            id, update.Snapshot.ExitCode, recent.Count, delay.TotalSeconds);
        log.LogWarning("{Resource} exited unexpectedly (exit code {ExitCode}); restarting in {Delay}", id, update.Snapshot.ExitCode, delay);
        try
        {
            await Task.Delay(delay, ct);
            if (lifetime.ApplicationStopping.IsCancellationRequested) return;
            var result = await commands.ExecuteCommandAsync(id, KnownResourceCommands.StartCommand, ct);
            if (!result.Success) log.LogError("Restarting {Resource} failed: {Error}", id, result.Message);
            await notifications.PublishUpdateAsync(update.Resource, id, s => s with
            {
                Properties =
                [
                    .. s.Properties.Where(p => p.Name != "party.restarts"),
                    new ResourcePropertySnapshot("party.restarts", CountOf(id)),
                ],
            });
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private int CountOf(string id)
    {
        lock (_restarts) return _restarts.TryGetValue(id, out var r) ? r.Count : 0;
    }
}
