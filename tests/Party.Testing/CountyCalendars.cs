using Party.Contracts.Members;

namespace Party.Testing;

/// <summary>
/// County working calendars (节假日安排) the tests of every service share, so a notice counted in branches or honors can
/// be compared with the same notice counted in members. The value of a day is whether it is a working day.
/// </summary>
public static class CountyCalendars
{
    /// <summary>National Day 2026 (国庆节、中秋节): Thursday 1 to Thursday 8 October off; Saturday 10 October worked (调休上班).</summary>
    public static readonly IReadOnlyDictionary<DateOnly, bool> NationalDay2026 = Enumerable.Range(1, 8)
        .Select(d => KeyValuePair.Create(new DateOnly(2026, 10, d), false))
        .Append(KeyValuePair.Create(new DateOnly(2026, 10, 10), true))
        .ToDictionary();

    /// <summary>Spring Festival 2027 (春节, 6 February): Friday 5 to Thursday 11 February off;
    /// Saturdays 30 January and 20 February worked.</summary>
    public static readonly IReadOnlyDictionary<DateOnly, bool> SpringFestival2027 = Enumerable.Range(5, 7)
        .Select(d => KeyValuePair.Create(new DateOnly(2027, 2, d), false))
        .Append(KeyValuePair.Create(new DateOnly(2027, 1, 30), true))
        .Append(KeyValuePair.Create(new DateOnly(2027, 2, 20), true))
        .ToDictionary();

    public static IReadOnlyDictionary<DateOnly, bool> Both => NationalDay2026.Concat(SpringFestival2027).ToDictionary();

    public static string NameOf(DateOnly day, bool working) =>
        (day.Month == 10 ? "国庆节" : "春节") + (working ? "调休上班" : "");

    /// <summary>The events members publishes when a county sets these days (version 1 each).</summary>
    public static IEnumerable<WorkingCalendarDayChanged> AsEvents(IReadOnlyDictionary<DateOnly, bool> calendar, Guid countyId,
        string countyPath) =>
        calendar.Select(d => new WorkingCalendarDayChanged
        {
            UnitId = countyId, UnitPath = countyPath, Day = d.Key, IsWorkingDay = d.Value, Name = NameOf(d.Key, d.Value), Withdrawn = false,
            Version = 1,
            OccurredAt = DateTimeOffset.UtcNow,
        });
}
