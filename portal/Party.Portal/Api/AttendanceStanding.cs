namespace Party.Portal.Api;

/// <summary>
/// Where a cadre stands against the month's required in-village days (SPEC: 22 a month, scaled for a partial
/// assignment), as the township reads it in the month table: a past month is met or missed; the running month is met,
/// still open, or already lost because the days left cannot make up the gap.
/// </summary>
public sealed record AttendanceStanding(string Label, string Note, bool Below)
{
    public const string Met = "已达标";
    public const string Missed = "未达标";
    public const string Open = "尚未达标";
    public const string Lost = "无法达标";

    public static AttendanceStanding Of(AttendanceLine line, int year, int month, DateOnly today)
    {
        var gap = Math.Max(0, line.RequiredDays - line.InVillageDays);
        if (gap == 0) return new(Met, $"在村 {line.InVillageDays} 天，应在村 {line.RequiredDays} 天。", false);
        var last = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        if (last < today) return new(Missed, $"差 {gap} 天。", true);
        // Today still counts: a cadre who has not checked in yet can do so.
        var first = new DateOnly(year, month, 1);
        var left = last.DayNumber - (today > first ? today : first).DayNumber + 1;
        return gap > left
            ? new(Lost, $"还差 {gap} 天，本月只剩 {left} 天。", true)
            : new(Open, $"还差 {gap} 天，本月还剩 {left} 天。", true);
    }
}
