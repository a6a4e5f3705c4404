namespace Party.Members.Domain.Calendar;

/// <summary>
/// A day of a county's working calendar (节假日安排) that differs from Monday–Friday: a public holiday on a weekday, or a
/// weekend day made a working day (调休上班). Public notices (公示) count working days by it. Set by a county for its
/// own subtree; a unit below several calendars (a province's and a county's) follows the nearest one that names the day.
/// </summary>
public sealed class CalendarDay
{
    public Guid Id { get; set; }
    /// <summary>The unit (a county, or an operator's province) whose calendar this is.</summary>
    public Guid UnitId { get; set; }
    public required string OrgPath { get; set; }
    public DateOnly Day { get; set; }
    public bool IsWorkingDay { get; set; }
    /// <summary>What the day is, e.g. 国庆节 or 国庆节调休上班.</summary>
    public required string Name { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }
    /// <summary>The county withdrew the setting (撤销): the day counts Monday to Friday again. Nothing is deleted.</summary>
    public bool Withdrawn { get; set; }
    /// <summary>Grows with every change; carried by <c>WorkingCalendarDayChanged</c> so replicas apply changes in order.</summary>
    public long Version { get; set; }
}
