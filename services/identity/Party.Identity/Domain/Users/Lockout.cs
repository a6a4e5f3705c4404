namespace Party.Identity.Domain.Users;

/// <summary>Failed sign-ins of one account name and, once too many, until when it is locked (账号锁定).</summary>
public sealed record LockoutState(int Failures, DateTimeOffset? LockedUntil)
{
    public static readonly LockoutState Clear = new(0, null);
}

/// <summary>
/// Lockout after <see cref="MaxFailures"/> failed sign-ins for <see cref="LockDuration"/>. Kept per account name, whether
/// or not an account of that name exists, so the answers never tell which accounts exist. Attempts while locked are
/// refused without checking the password and do not extend the lock.
/// </summary>
public static class Lockout
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan LockDuration = TimeSpan.FromMinutes(15);

    public static bool IsLocked(LockoutState state, DateTimeOffset now) => state.LockedUntil is { } until && until > now;

    public static LockoutState AfterFailure(LockoutState state, DateTimeOffset now)
    {
        if (IsLocked(state, now)) return state;
        // A lock that has run out starts a fresh count.
        var failures = (state.LockedUntil is null ? state.Failures : 0) + 1;
        return failures >= MaxFailures ? new LockoutState(failures, now + LockDuration) : new LockoutState(failures, null);
    }

    public static LockoutState AfterSuccess() => LockoutState.Clear;
}
