namespace Party.Honors.Domain;

/// <summary>Business dates are local to Asia/Shanghai (SPEC §2).</summary>
public static class BusinessDate
{
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static DateOnly Of(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    public static DateOnly Today(this TimeProvider clock) => Of(clock.GetUtcNow());
}
