using System.Diagnostics;

namespace Party.Bench;

/// <summary>
/// Open-loop load at a target rate: item <c>i</c> is due at <c>i / rate</c> seconds, with at most <c>inFlight</c> items
/// waiting for an answer. Unlike <see cref="LoadRunner"/> and <see cref="BurstRunner"/> (closed loop: the next request
/// waits for the previous one), the offered rate does not drop when the system slows down; when it cannot keep up, the
/// schedule slips and the achieved rate (items over <see cref="PacedSample.Sample"/>'s elapsed time) shows it.
/// </summary>
public sealed class PacedRunner(int rate, int inFlight)
{
    /// <summary>Sends item <paramref name="index"/>; returns null when it succeeded, else what went wrong.</summary>
    public delegate Task<string?> Item(int index, CancellationToken ct);

    public async Task<PacedSample> RunAsync(int count, Item send, CancellationToken ct)
    {
        var latencies = new List<double>(count);
        long errors = 0;
        string? firstError = null;
        using var slots = new SemaphoreSlim(inFlight);
        var tasks = new List<Task>(count);
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var wait = TimeSpan.FromSeconds((double)i / rate) - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait, ct);
            await slots.WaitAsync(ct);
            var index = i;
            tasks.Add(Task.Run(async () =>
            {
                var sent = Stopwatch.GetTimestamp();
                try
                {
                    var failure = await send(index, ct);
                    var ms = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
                    lock (latencies) latencies.Add(ms);
                    if (failure is null) return;
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, failure, null);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, e.Message, null);
                }
                finally
                {
                    slots.Release();
                }
            }, ct));
        }
        await Task.WhenAll(tasks);
        var elapsed = clock.Elapsed;
        latencies.Sort();
        return new PacedSample(new LoadSample(latencies, errors, 0, elapsed, firstError), startedAt, DateTimeOffset.UtcNow);
    }
}

/// <summary>What a paced run measured, with the wall-clock start and end (to line up with server-side timestamps).</summary>
public sealed record PacedSample(LoadSample Sample, DateTimeOffset StartedAt, DateTimeOffset EndedAt);
