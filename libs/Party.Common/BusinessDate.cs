namespace Party.Common;

/// <summary>
/// Business dates are local to Asia/Shanghai (SPEC §2) in every service: the injected <see cref="TimeProvider"/> says what moment it
/// is (tests move it), this zone says which day that moment belongs to.
/// </summary>
public static class BusinessDate
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    /// <summary>The local business day <paramref name="instant"/> falls on.</summary>
    public static DateOnly Of(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    /// <summary>Today's business date on <paramref name="clock"/>.</summary>
    public static DateOnly Today(this TimeProvider clock) => Of(clock.GetUtcNow());
}
