using System.Threading.Channels;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Party.Persistence.Jobs;
using Party.Testing;

namespace Party.Platform.Tests;

/// <summary>
/// PeriodicJob (issue 15): the one loop behind the services' background checks. Run on a fake clock: the waits are timers
/// of the injected TimeProvider, so the test moves time instead of sleeping.
/// </summary>
public class PeriodicJobTests
{
    private static readonly DateTimeOffset Start = new(2027, 3, 1, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_failed_run_is_tried_again_after_the_configured_interval_and_the_stop_ends_the_job()
    {
        var clock = new TimerRecordingClock(Start);
        var job = ProbeJob.Create(clock, new Dictionary<string, string?> { ["Probe:Seconds"] = "300" },
            (run, _) => run == 1 ? throw new InvalidOperationException("the database is away") : Task.CompletedTask);

        await job.StartAsync(CancellationToken.None);
        var first = await Next(job.Runs);
        Assert.Equal(TimeSpan.FromSeconds(300), await Next(clock.Timers));
        var warning = Assert.Single(job.Log.Entries, e => e.Level == LogLevel.Warning);
        Assert.Equal("Probe failed; next try in 00:05:00", warning.Message);

        clock.Advance(TimeSpan.FromSeconds(299));
        Assert.False(job.Runs.Reader.TryRead(out _), "ran again before the interval was over");
        clock.Advance(TimeSpan.FromSeconds(1));
        var second = await Next(job.Runs);
        Assert.Equal(Start + TimeSpan.FromSeconds(300), second.At);
        Assert.NotSame(first.Scope, second.Scope);
        Assert.Equal(TimeSpan.FromSeconds(300), await Next(clock.Timers));

        await job.StopAsync(CancellationToken.None);
        Assert.True(job.ExecuteTask!.IsCompletedSuccessfully);
        clock.Advance(TimeSpan.FromHours(1));
        Assert.False(job.Runs.Reader.TryRead(out _), "ran after the stop");
        Assert.Single(job.Log.Entries, e => e.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task The_stop_cancels_a_run_in_progress_and_ends_the_job_without_a_warning()
    {
        var clock = new TimerRecordingClock(Start);
        var job = ProbeJob.Create(clock, new(), (_, ct) => Task.Delay(Timeout.Infinite, ct));

        await job.StartAsync(CancellationToken.None);
        await Next(job.Runs);
        await job.StopAsync(CancellationToken.None);

        Assert.True(job.ExecuteTask!.IsCompletedSuccessfully);
        Assert.DoesNotContain(job.Log.Entries, e => e.Level >= LogLevel.Warning);
        Assert.False(clock.Timers.Reader.TryRead(out _), "waited after a cancelled run");
    }

    [Fact]
    public async Task A_clock_moved_past_the_next_start_during_a_run_starts_the_next_run_at_once()
    {
        var clock = new TimerRecordingClock(Start);
        var job = ProbeJob.Create(clock, new(), (run, _) =>
        {
            if (run == 1) clock.Advance(TimeSpan.FromDays(7)); // a test moving the server's clock while the job works
            return Task.CompletedTask;
        });

        await job.StartAsync(CancellationToken.None);
        await Next(job.Runs);
        var second = await Next(job.Runs);
        Assert.Equal(Start + TimeSpan.FromDays(7), second.At);
        Assert.Equal(TimeSpan.FromMinutes(10), await Next(clock.Timers)); // the default interval: no key configured
        await job.StopAsync(CancellationToken.None);
    }

    private static async Task<T> Next<T>(Channel<T> channel) =>
        await channel.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>A fake clock that also tells the test each wait a job starts on it.</summary>
    private sealed class TimerRecordingClock(DateTimeOffset start) : FakeTimeProvider(start)
    {
        public Channel<TimeSpan> Timers { get; } = Channel.CreateUnbounded<TimeSpan>();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            Timers.Writer.TryWrite(dueTime);
            return timer;
        }
    }

    private sealed record Run(int Number, DateTimeOffset At, object Scope);

    private sealed class ScopeMarker;

    private sealed class ProbeJob(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration config, CapturedLog log,
        Func<int, CancellationToken, Task> run) : PeriodicJob(scopes, clock, config, log.CreateLogger("Probe"))
    {
        private int _runs;

        public Channel<Run> Runs { get; } = Channel.CreateUnbounded<Run>();
        public new CapturedLog Log { get; } = log;

        protected override string Name => "Probe";
        protected override string IntervalSecondsKey => "Probe:Seconds";
        protected override TimeSpan DefaultInterval => TimeSpan.FromMinutes(10);

        protected override Task RunOnceAsync(IServiceProvider scoped, CancellationToken ct)
        {
            var number = Interlocked.Increment(ref _runs);
            Runs.Writer.TryWrite(new Run(number, Clock.GetUtcNow(), scoped.GetRequiredService<ScopeMarker>()));
            return run(number, ct);
        }

        public static ProbeJob Create(TimeProvider clock, Dictionary<string, string?> settings, Func<int, CancellationToken, Task> run)
        {
            var services = new ServiceCollection().AddScoped<ScopeMarker>().BuildServiceProvider();
            var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
            return new ProbeJob(services.GetRequiredService<IServiceScopeFactory>(), clock, config, new CapturedLog(), run);
        }
    }
}
