using Party.Portal.Api;

namespace Party.Portal.Components.LongWork;

/// <summary>
/// Long work the services offer no batch API for (a meeting day's entries, a review queue's approvals): one request per
/// item, a few at once, counted as each ends, and every refusal kept with the service's reason. A session that ends
/// mid-way is no refusal: it leaves the run, and the page's <c>RunAsync</c> signs in again.
/// </summary>
public sealed class BatchRun<T>
{
    /// <summary>Requests sent at once: a meeting of 40 in a few round trips without flooding the service.</summary>
    public const int MaxParallel = 8;

    private int _done;

    public bool Running { get; private set; }
    public int Done => Volatile.Read(ref _done);
    public int Total { get; private set; }
    public IReadOnlyList<T> Succeeded { get; private set; } = [];
    public IReadOnlyList<(T Item, string Reason)> Refused { get; private set; } = [];

    /// <summary>A run is going or has gone: the progress stays in view with its last count.</summary>
    public bool Started => Running || Total > 0;

    /// <summary>A run has ended with at least one answer: its summary is shown.</summary>
    public bool Finished => !Running && Succeeded.Count + Refused.Count > 0;

    /// <summary>Sends each item; <paramref name="progressed"/> after each answer (re-render the page).</summary>
    public async Task RunAsync(IReadOnlyList<T> items, Func<T, Task> send, Func<Task> progressed)
    {
        (Running, _done, Total, Succeeded, Refused) = (true, 0, items.Count, [], []);
        var succeeded = new List<(int Index, T Item)>();
        var refused = new List<(int Index, T Item, string Reason)>();
        try
        {
            using var gate = new SemaphoreSlim(MaxParallel);
            await Task.WhenAll(items.Select(async (item, index) =>
            {
                await gate.WaitAsync();
                try
                {
                    await send(item);
                    lock (succeeded) succeeded.Add((index, item));
                }
                catch (ApiProblem p) when (!p.IsSessionExpired)
                {
                    lock (refused) refused.Add((index, item, Reason(p)));
                }
                finally
                {
                    gate.Release();
                    Interlocked.Increment(ref _done);
                    await progressed();
                }
            }));
        }
        finally
        {
            // Answers come in any order; the summary lists them in the order the clerk saw them.
            Running = false;
            Succeeded = [.. succeeded.OrderBy(s => s.Index).Select(s => s.Item)];
            Refused = [.. refused.OrderBy(r => r.Index).Select(r => (r.Item, r.Reason))];
        }
    }

    /// <summary>The service's sentence, with the field messages a 422 carries beside it.</summary>
    public static string Reason(ApiProblem p) =>
        string.Join(" ", new[] { p.Message }.Concat(p.FieldErrors.Values.SelectMany(m => m)).Distinct());
}
