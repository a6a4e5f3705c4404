using Party.Members.Domain.Members;

namespace Party.Members.Domain.Training;

/// <summary>A training (轮训) a member attended: kind, hours, date, organizer.</summary>
public sealed class TrainingRecord : IMemberRecord
{
    public Guid Id { get; set; }
    public Guid MemberId { get; set; }
    public Guid BranchId { get; set; }
    public required string OrgPath { get; set; }
    /// <summary>E.g. 集中轮训, 党校培训, 专题讲座, 线上学习.</summary>
    public required string Kind { get; set; }
    public decimal Hours { get; set; }
    public DateOnly TrainedOn { get; set; }
    public required string Organizer { get; set; }
    /// <summary>Records entered together for one session share it, so a session is entered once for all attendees.</summary>
    public Guid SessionId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
}

public static class TrainingRules
{
    /// <summary>Coverage in percent with one decimal, rounded half away from zero; an empty branch counts as fully covered.</summary>
    public static decimal CoveragePercent(long trained, long members) =>
        members == 0 ? 100m : Math.Round(trained * 100m / members, 1, MidpointRounding.AwayFromZero);

    /// <summary>Training hours are recorded in half hours, 0.5–100 per session.</summary>
    public static bool ValidHours(decimal hours) => hours is >= 0.5m and <= 100m && hours * 2 == Math.Floor(hours * 2);
}
