namespace Party.Webhooks.Domain.Deliveries;

/// <summary>
/// When a failed delivery is tried again: exponential back-off (base, 2×base, 4×base … capped), with up to 20 % jitter so
/// the deliveries of one outage do not all come back in the same second, and never past the retry window — the last
/// attempt is made at the window's end, after which the delivery is given up (it can still be redelivered by hand).
/// </summary>
public static class RetrySchedule
{
    /// <param name="attempts">Attempts made so far, including the one that just failed (≥ 1).</param>
    /// <param name="jitter">A number in [0, 1) (random in production, fixed in tests).</param>
    /// <returns>The next attempt, or null when the window is over.</returns>
    public static DateTimeOffset? NextAttempt(int attempts, DateTimeOffset now, DateTimeOffset retryUntil, TimeSpan baseDelay,
        TimeSpan maxDelay, double jitter)
    {
        if (attempts < 1) throw new ArgumentOutOfRangeException(nameof(attempts));
        if (now >= retryUntil) return null;
        // 2^(attempts-1) overflows long before the cap matters: clamp the exponent.
        var factor = Math.Pow(2, Math.Min(attempts - 1, 40));
        var delay = TimeSpan.FromTicks((long)Math.Min(baseDelay.Ticks * factor, maxDelay.Ticks));
        delay += TimeSpan.FromTicks((long)(delay.Ticks * 0.2 * Math.Clamp(jitter, 0, 1)));
        var next = now + delay;
        return next < retryUntil ? next : retryUntil;
    }
}
