namespace Party.Common;

/// <summary>
/// Working days (工作日) as public notices (公示) count them, in every service: Monday to Friday, except where the county
/// calendar (owned by members, replicated to branches and honors) says otherwise — a day's value is whether it is a
/// working day: false for a public holiday, true for a weekend day worked (调休上班).
/// </summary>
public static class WorkingDays
{
    /// <summary>
    /// The <paramref name="count"/>-th working day from <paramref name="start"/> on; a start on a day off counts from the next working day.
    /// </summary>
    public static DateOnly LastOf(DateOnly start, int count, IReadOnlyDictionary<DateOnly, bool>? calendar = null)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count));
        var day = start;
        var counted = 0;
        while (true)
        {
            if (IsWorkingDay(day, calendar) && ++counted == count) return day;
            day = day.AddDays(1);
        }
    }

    /// <summary>
    /// The one notice rule: a notice published on <paramref name="publishedOn"/> starts that day when it is a working day
    /// (else on the next working day), counts its start day, and ends on its <paramref name="workingDays"/>-th working day.
    /// </summary>
    public static (DateOnly StartsOn, DateOnly EndsOn) Notice(
        DateOnly publishedOn, int workingDays, IReadOnlyDictionary<DateOnly, bool>? calendar = null) =>
        (LastOf(publishedOn, 1, calendar), LastOf(publishedOn, workingDays, calendar));

    /// <summary>
    /// How many calendar days after the start a calendar must cover: even the Spring Festival and National Day weeks cannot stretch a
    /// notice past three weeks per working week.
    /// </summary>
    public static int Horizon(int workingDays) => workingDays * 3 + 21;

    public static bool IsWorkingDay(DateOnly day, IReadOnlyDictionary<DateOnly, bool>? calendar) =>
        calendar is not null && calendar.TryGetValue(day, out var working)
            ? working
            : day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
}
