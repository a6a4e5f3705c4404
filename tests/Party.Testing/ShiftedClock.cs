namespace Party.Testing;

/// <summary>The real clock moved forward by what a test asks (timers stay real).</summary>
public sealed class ShiftedClock : TimeProvider
{
    private long _offsetTicks;
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
}
