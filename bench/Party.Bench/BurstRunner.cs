using System.Diagnostics;

namespace Party.Bench;

/// <summary>
/// Fixed-count load: exactly <c>count</c> requests (request <c>i</c> is the i-th item, e.g. the
/// i-th cadre), shared by N workers as fast as they can go. Unlike <see cref="LoadRunner"/>, which
/// runs for a time, this measures a burst of distinct one-off operations — a morning's check-ins —
/// where no item may be sent twice. Throughput is count over the wall time of the whole burst.
/// </summary>
public sealed class BurstRunner(int concurrency, Func<HttpResponseMessage, bool>? isSuccess = null)
{
    public delegate Task<HttpResponseMessage> ItemRequest(int item, CancellationToken ct);

    public async Task<LoadSample> RunAsync(int count, ItemRequest send, CancellationToken ct)
    {
        var next = -1;
        var workers = new Worker[Math.Max(1, Math.Min(concurrency, count))];
        var started = Stopwatch.GetTimestamp();
        var tasks = new Task[workers.Length];
        for (var w = 0; w < workers.Length; w++)
        {
            var worker = workers[w] = new Worker();
            tasks[w] = Task.Run(async () =>
            {
                for (var i = Interlocked.Increment(ref next); i < count && !ct.IsCancellationRequested; i = Interlocked.Increment(ref next))
                {
                    await worker.SendAsync(i, send, isSuccess, ct);
                }
            }, CancellationToken.None);
        }
        await Task.WhenAll(tasks);
        var elapsed = Stopwatch.GetElapsedTime(started);
        ct.ThrowIfCancellationRequested();

        var all = new List<double>(count);
        foreach (var w in workers) all.AddRange(w.Latencies);
        return new LoadSample(all, workers.Sum(w => w.Errors), workers.Sum(w => w.RateLimited), elapsed,
            workers.Select(w => w.FirstError).FirstOrDefault(e => e is not null));
    }

    private sealed class Worker
    {
        public List<double> Latencies { get; } = new(1024);
        public long Errors { get; private set; }
        public long RateLimited { get; private set; }
        public string? FirstError { get; private set; }

        public async Task SendAsync(int item, ItemRequest send, Func<HttpResponseMessage, bool>? isSuccess, CancellationToken ct)
        {
            var t0 = Stopwatch.GetTimestamp();
            try
            {
                using var response = await send(item, ct);
                var body = await response.Content.ReadAsStringAsync(ct);
                Latencies.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                if (!(isSuccess?.Invoke(response) ?? response.IsSuccessStatusCode))
                {
                    Errors++;
                    if ((int)response.StatusCode == 429) RateLimited++;
                    FirstError ??= $"item {item}: HTTP {(int)response.StatusCode} {(body.Length <= 200 ? body : body[..200] + "…")}";
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // cancelled by the user: RunAsync throws after the workers stop
            }
            catch (Exception e)
            {
                Latencies.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                Errors++;
                FirstError ??= $"item {item}: {e.GetType().Name}: {e.Message}";
            }
        }
    }
}
