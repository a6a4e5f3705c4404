namespace Party.ResidentCadres.Domain.Calendar;

/// <summary>
/// Month and week arithmetic on business dates (which day a moment is: <see cref="Party.Common.BusinessDate"/>).
/// </summary>
public static class BusinessCalendar
{
    public static DateOnly FirstOfMonth(int year, int month) => new(year, month, 1);

    public static DateOnly LastOfMonth(int year, int month) => new(year, month, DateTime.DaysInMonth(year, month));

    /// <summary>The Monday that starts the week containing <paramref name="day"/>.</summary>
    public static DateOnly WeekStart(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    public static int DaysInclusive(DateOnly from, DateOnly to) => to < from ? 0 : to.DayNumber - from.DayNumber + 1;

    /// <summary>Days of [from, to] that fall inside [rangeFrom, rangeTo]; an open end (null) runs to the range end.</summary>
    public static int OverlapDays(DateOnly from, DateOnly? to, DateOnly rangeFrom, DateOnly rangeTo)
    {
        var start = from > rangeFrom ? from : rangeFrom;
        var end = to is { } t && t < rangeTo ? t : rangeTo;
        return DaysInclusive(start, end);
    }
}
