using Party.Common;

namespace Party.Members.Domain.Development;

/// <summary>Public notice (公示) of a candidate before admission; objections (异议) filed during it block admission until resolved.</summary>
public sealed class PublicNotice
{
    public Guid Id { get; set; }
    public Guid MemberId { get; set; }
    public DateOnly StartsOn { get; set; }
    /// <summary>Last day of the notice: the last of its working days.</summary>
    public DateOnly EndsOn { get; set; }
    public string? Content { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public List<NoticeObjection> Objections { get; set; } = [];

    /// <summary>
    /// The last day of a notice of <paramref name="workingDays"/> working days starting on <paramref name="start"/>, by the county
    /// calendar.
    /// </summary>
    public static DateOnly EndOf(DateOnly start, int workingDays, IReadOnlyDictionary<DateOnly, bool>? calendar = null) =>
        WorkingDays.LastOf(start, workingDays, calendar);
}

public sealed class NoticeObjection
{
    public Guid Id { get; set; }
    public Guid NoticeId { get; set; }
    public Guid MemberId { get; set; }
    public DateOnly FiledOn { get; set; }
    public required string FiledBy { get; set; }
    public required string Content { get; set; }
    public DateOnly? ResolvedOn { get; set; }
    public string? Resolution { get; set; }
    public bool IsOpen => ResolvedOn is null;
}
