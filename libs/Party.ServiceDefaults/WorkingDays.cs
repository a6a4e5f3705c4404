namespace Party.ServiceDefaults;

/// <summary>
/// Working days (工作日) as public notices (公示) count them: Monday to Friday, except where a calendar says otherwise
/// (a day's value is whether it is a working day: false for a public holiday, true for a weekend day worked, 调休上班).
/// </summary>
public static class WorkingDays
{
    /// <summary>The <paramref name="count"/>-th working day from <paramref name="start"/> on; a start on a day off counts from the next working day.</summary>
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

    public static bool IsWorkingDay(DateOnly day, IReadOnlyDictionary<DateOnly, bool>? calendar) =>
        calendar is not null && calendar.TryGetValue(day, out var working) ? working : day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
}
