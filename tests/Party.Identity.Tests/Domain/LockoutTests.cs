using Party.Identity.Domain.Users;

namespace Party.Identity.Tests.Domain;

public class LockoutTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1, false)]
    [InlineData(4, false)]
    [InlineData(5, true)]   // the fifth failure locks
    public void Locks_at_the_fifth_failure(int failures, bool locked)
    {
        var state = LockoutState.Clear;
        for (var i = 0; i < failures; i++) state = Lockout.AfterFailure(state, T0);
        Assert.Equal(locked, Lockout.IsLocked(state, T0));
        Assert.Equal(locked ? T0 + TimeSpan.FromMinutes(15) : null, state.LockedUntil);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(14 * 60 + 59, true)]
    [InlineData(15 * 60, false)]   // the lock ends exactly 15 minutes after the fifth failure
    public void The_lock_lasts_fifteen_minutes(int secondsLater, bool locked)
    {
        var state = Lock();
        Assert.Equal(locked, Lockout.IsLocked(state, T0.AddSeconds(secondsLater)));
    }

    [Fact]
    public void Failures_while_locked_neither_count_nor_extend_the_lock()
    {
        var state = Lock();
        var later = Lockout.AfterFailure(state, T0.AddMinutes(10));
        Assert.Equal(state, later);
    }

    [Fact]
    public void After_the_lock_a_failure_starts_a_new_count()
    {
        var state = Lockout.AfterFailure(Lock(), T0.AddMinutes(15));
        Assert.Equal(new LockoutState(1, null), state);
    }

    [Fact]
    public void A_success_clears_the_count() => Assert.Equal(LockoutState.Clear, Lockout.AfterSuccess());

    private static LockoutState Lock()
    {
        var state = LockoutState.Clear;
        for (var i = 0; i < Lockout.MaxFailures; i++) state = Lockout.AfterFailure(state, T0);
        return state;
    }
}
