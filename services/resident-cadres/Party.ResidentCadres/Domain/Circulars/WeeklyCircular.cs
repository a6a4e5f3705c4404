using Party.ResidentCadres.Domain.Attendance;

namespace Party.ResidentCadres.Domain.Circulars;

/// <summary>A weekly circular (每周通报) for the week starting <see cref="WeekStart"/> (a Monday).</summary>
public sealed class WeeklyCircular
{
    public DateOnly WeekStart { get; set; }
    public DateTimeOffset GeneratedAt { get; set; }
}

public sealed class WeeklyCircularLine
{
    public DateOnly WeekStart { get; set; }
    public Guid CadreId { get; set; }
    public required string CadreName { get; set; }
    public Guid VillageId { get; set; }
    public Guid TownshipId { get; set; }
    public required string OrgPath { get; set; }
    public int InVillageDaysWeek { get; set; }
    public int InVillageDaysMonth { get; set; }
    public int LeaveDaysWeek { get; set; }
    public int ViolationsWeek { get; set; }
    /// <summary>Behind the month's pace (see <see cref="AttendanceRules.BehindPace"/>) or any violation in the week.</summary>
    public bool NonCompliant { get; set; }
}
