using System.Diagnostics;

namespace Party.Bench;

/// <summary>Which request of the run this is: the worker (0 … concurrency−1) and its iteration.</summary>
public readonly record struct RequestSlot(int Worker, long Iteration);

/// <summary>Builds and sends one request; the runner times it (including reading the body) and disposes the response.</summary>
public delegate Task<HttpResponseMessage> RequestFactory(RequestSlot slot, CancellationToken ct);

/// <summary>
/// Work done before each request and not timed (e.g. invalidating a cache so the request measures a miss).
/// A failure counts as an error of that request, without a latency.
/// </summary>
public delegate Task PrepareStep(RequestSlot slot, CancellationToken ct);

/// <summary>One row of the table.</summary>
public sealed record LoadResult(string Scenario, string Variant, long Requests, long Errors, long RateLimited,
    double MedianMs, double P95Ms, double P99Ms, double Throughput, TimeSpan Elapsed, string? FirstError)
{
    /// <summary>Merges the samples of one variant (several rounds) into one row.</summary>
    public static LoadResult From(string scenario, string variant, IReadOnlyList<LoadSample> samples)
    {
        var all = new List<double>(samples.Sum(s => s.Latencies.Count));
        foreach (var s in samples) all.AddRange(s.Latencies);
        all.Sort();
        var elapsed = TimeSpan.FromTicks(samples.Sum(s => s.Elapsed.Ticks));
        return new LoadResult(scenario, variant, all.Count, samples.Sum(s => s.Errors), samples.Sum(s => s.RateLimited),
            LoadRunner.Percentile(all, 0.50), LoadRunner.Percentile(all, 0.95), LoadRunner.Percentile(all, 0.99),
            elapsed > TimeSpan.Zero ? all.Count / elapsed.TotalSeconds : 0, elapsed,
            samples.Select(s => s.FirstError).FirstOrDefault(e => e is not null));
    }
}

/// <summary>The raw outcome of one timed run: every latency (ms), error counts, wall time.</summary>
public sealed record LoadSample(List<double> Latencies, long Errors, long RateLimited, TimeSpan Elapsed, string? FirstError);

/// <summary>
/// Closed-loop load: N workers, each sending its next request as soon as the previous answered,
/// until the time is up. Latencies of every request are kept and ranked at the end.
/// </summary>
public sealed class LoadRunner(int concurrency, Func<HttpResponseMessage, bool>? isSuccess = null, PrepareStep? prepare = null)
{
    public async Task<LoadSample> RunAsync(RequestFactory send, TimeSpan duration, CancellationToken ct)
    {
        var workers = new Worker[concurrency];
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var started = Stopwatch.GetTimestamp();
        stop.CancelAfter(duration);
        var tasks = new Task[concurrency];
        for (var w = 0; w < concurrency; w++)
        {
            var worker = workers[w] = new Worker(w);
            tasks[w] = Task.Run(() => worker.RunAsync(send, isSuccess, prepare, stop.Token), CancellationToken.None);
        }
        await Task.WhenAll(tasks);
        var elapsed = Stopwatch.GetElapsedTime(started);
        ct.ThrowIfCancellationRequested();

        var all = new List<double>(workers.Sum(w => w.Latencies.Count));
        foreach (var w in workers) all.AddRange(w.Latencies);
        return new LoadSample(all, workers.Sum(w => w.Errors), workers.Sum(w => w.RateLimited), elapsed,
            workers.Select(w => w.FirstError).FirstOrDefault(e => e is not null));
    }

    /// <summary>Nearest-rank percentile of a sorted list (NaN when empty).</summary>
    public static double Percentile(List<double> sorted, double p)
    {
        if (sorted.Count == 0) return double.NaN;
        var rank = (int)Math.Ceiling(p * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    private sealed class Worker(int index)
    {
        public List<double> Latencies { get; } = new(4096);
        public long Errors { get; private set; }
        public long RateLimited { get; private set; }
        public string? FirstError { get; private set; }

        public async Task RunAsync(
            RequestFactory send, Func<HttpResponseMessage, bool>? isSuccess, PrepareStep? prepare, CancellationToken stop)
        {
            for (long i = 0; !stop.IsCancellationRequested; i++)
            {
                var slot = new RequestSlot(index, i);
                var t0 = Stopwatch.GetTimestamp();
                var prepared = prepare is null;
                try
                {
                    if (prepare is not null)
                    {
                        await prepare(slot, stop);
                        prepared = true;
                        t0 = Stopwatch.GetTimestamp();
                    }
                    using var response = await send(slot, stop);
                    // SendAsync buffers the body by default; make sure it is read for custom senders too.
                    var body = await response.Content.ReadAsStringAsync(stop);
                    Latencies.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                    var ok = isSuccess?.Invoke(response) ?? response.IsSuccessStatusCode;
                    if (!ok)
                    {
                        Errors++;
                        if ((int)response.StatusCode == 429) RateLimited++;
                        FirstError ??= $"HTTP {(int)response.StatusCode} {Shorten(body)}";
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    break; // the run ended while this request was in flight: not counted
                }
                catch (Exception e)
                {
                    if (prepared) Latencies.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                    Errors++;
                    FirstError ??= $"{e.GetType().Name}: {e.Message}";
                }
            }
        }

        private static string Shorten(string s) => s.Length <= 200 ? s : s[..200] + "…";
    }
}
