namespace Party.Messaging;

/// <summary>
/// Wakes a polling worker as soon as there is work (a commit wrote rows it sends), instead of at its next poll. Several
/// notifications before the worker wakes count as one: the worker drains everything that is due when it wakes.
/// </summary>
public abstract class WakeSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        if (_signal.CurrentCount == 0)
        {
            try { _signal.Release(); } catch (SemaphoreFullException) { }
        }
    }

    /// <summary>True when woken, false when <paramref name="timeout"/> passed first (time to poll).</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}

/// <summary>The pause of a polling worker after a failed round (the database or the broker is away).</summary>
public static class FailureBackoff
{
    private static readonly TimeSpan First = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Longest = TimeSpan.FromSeconds(15);

    /// <summary>0.5 s after the first failure, then twice the last pause, at most 15 s; a success sets it back to zero.</summary>
    public static TimeSpan After(TimeSpan last) =>
        last == TimeSpan.Zero ? First : TimeSpan.FromTicks(Math.Min(last.Ticks * 2, Longest.Ticks));
}
