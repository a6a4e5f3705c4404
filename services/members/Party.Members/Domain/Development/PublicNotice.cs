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
    /// The last day of a notice of <paramref name="workingDays"/> working days starting on <paramref name="start"/>:
    /// Monday to Friday, except where the county calendar says otherwise (<paramref name="calendar"/>: a day's value is
    /// whether it is a working day — false for a public holiday, true for a weekend made a working day, 调休上班).
    /// A start on a day off begins counting on the next working day.
    /// </summary>
    public static DateOnly EndOf(DateOnly start, int workingDays, IReadOnlyDictionary<DateOnly, bool>? calendar = null)
    {
        if (workingDays < 1) throw new ArgumentOutOfRangeException(nameof(workingDays));
        var day = start;
        var counted = 0;
        while (true)
        {
            if (IsWorkingDay(day, calendar) && ++counted == workingDays) return day;
            day = day.AddDays(1);
        }
    }

    public static bool IsWorkingDay(DateOnly day, IReadOnlyDictionary<DateOnly, bool>? calendar) =>
        calendar is not null && calendar.TryGetValue(day, out var working) ? working : day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
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
