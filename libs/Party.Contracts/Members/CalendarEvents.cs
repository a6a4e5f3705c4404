namespace Party.Contracts.Members;

/// <summary>
/// A day of a county's working calendar (节假日安排) was set, changed or withdrawn in the members service, which owns
/// the calendar. Branches and honors keep a replica so every public notice (公示) counts the same working days.
/// </summary>
public sealed record WorkingCalendarDayChanged
{
    /// <summary>The unit (a county) whose calendar this is; it applies to the unit's subtree.</summary>
    public required Guid UnitId { get; init; }
    /// <summary>The unit's materialized path when the day was set (a prefix of every unit path below it).</summary>
    public required string UnitPath { get; init; }
    public required DateOnly Day { get; init; }
    /// <summary>false: a public holiday; true: a weekend day worked (调休上班).</summary>
    public required bool IsWorkingDay { get; init; }
    public required string Name { get; init; }
    /// <summary>The setting was withdrawn: the day counts Monday to Friday again.</summary>
    public required bool Withdrawn { get; init; }
    /// <summary>
    /// Grows with every change of this unit's day; a replica applies only a newer version (events may arrive out of order).
    /// </summary>
    public required long Version { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}
