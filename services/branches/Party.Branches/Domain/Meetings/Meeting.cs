namespace Party.Branches.Domain.Meetings;

/// <summary>三会一课 kinds plus the theme party day (主题党日).</summary>
public enum MeetingKind
{
    /// <summary>支部党员大会, ≥ 1 per quarter.</summary>
    GeneralMeeting,
    /// <summary>支部委员会, ≥ 1 per month.</summary>
    CommitteeMeeting,
    /// <summary>党小组会, ≥ 1 per month.</summary>
    GroupMeeting,
    /// <summary>党课, ≥ 1 per quarter.</summary>
    PartyLecture,
    /// <summary>主题党日, monthly (the 15th).</summary>
    ThemePartyDay,
}

/// <summary>A meeting record with attendance (会议记录).</summary>
public sealed class Meeting
{
    /// <summary>Everyone named on one record (present, excused and absent together) at most.</summary>
    public const int MaxPeople = 2000;

    public Guid Id { get; set; }
    public Guid BranchId { get; set; }
    public required string OrgPath { get; set; }
    public MeetingKind Kind { get; set; }
    public DateOnly HeldOn { get; set; }
    public required string Topic { get; set; }
    public string? Minutes { get; set; }
    public List<Guid> Attendees { get; set; } = [];
    public List<Guid> AbsentWithLeave { get; set; } = [];
    public List<Guid> AbsentWithoutLeave { get; set; } = [];
    public DateTimeOffset RecordedAt { get; set; }
    public required string RecordedBy { get; set; }
}

/// <summary>The period a compliance report covers: a year, one quarter of it, or one month of it.</summary>
public sealed record CompliancePeriod(int Year, int? Quarter, int? Month)
{
    public DateOnly From => Month is { } m ? new DateOnly(Year, m, 1)
        : Quarter is { } q ? new DateOnly(Year, (q - 1) * 3 + 1, 1)
        : new DateOnly(Year, 1, 1);
    public DateOnly To => Month is not null ? From.AddMonths(1).AddDays(-1)
        : Quarter is not null ? From.AddMonths(3).AddDays(-1)
        : new DateOnly(Year, 12, 31);
    public int Months => Month is not null ? 1 : Quarter is not null ? 3 : 12;
    /// <summary>Whole quarters in the period; a single month carries no quarterly requirement (it is judged with its quarter).</summary>
    public int Quarters => Month is not null ? 0 : Quarter is not null ? 1 : 4;

    public IEnumerable<(string Field, string Message)> Problems()
    {
        if (Year is < 2000 or > 2100) yield return ("year", "年份须在 2000–2100 之间。");
        if (Quarter is < 1 or > 4) yield return ("quarter", "季度须为 1–4。");
        if (Month is < 1 or > 12) yield return ("month", "月份须为 1–12。");
        if (Quarter is not null && Month is not null) yield return ("month", "季度和月份只能选一个。");
    }
}

public sealed record ComplianceResult(
    int CommitteeMonths, int GroupMonths, int ThemeDayMonths, int GeneralMeetingQuarters, int LectureQuarters,
    int RequiredMonths, int RequiredQuarters, int ThemeDaysOffThe15th)
{
    public int MissingSlots =>
        Math.Max(0, RequiredMonths - CommitteeMonths) + Math.Max(0, RequiredMonths - GroupMonths)
        + Math.Max(0, RequiredMonths - ThemeDayMonths)
        + Math.Max(0, RequiredQuarters - GeneralMeetingQuarters) + Math.Max(0, RequiredQuarters - LectureQuarters);
    public bool Compliant => MissingSlots == 0;
}

/// <summary>
/// 三会一课 compliance: committee and party-group meetings and the theme party day in every month of
/// the period, the general meeting and a party lecture in every quarter. Several meetings in one
/// month never make up for an empty month. A theme party day held on another day of its month still
/// counts for the month (postponed for a reason) but is reported as off the 15th.
/// The report endpoint computes the same counts in SQL; this is the rule it follows.
/// </summary>
public static class MeetingCompliance
{
    public static ComplianceResult Evaluate(CompliancePeriod period, IEnumerable<(MeetingKind Kind, DateOnly HeldOn)> meetings)
    {
        var inPeriod = meetings.Where(m => m.HeldOn >= period.From && m.HeldOn <= period.To).ToList();
        int Months(MeetingKind k) => inPeriod.Where(m => m.Kind == k).Select(m => m.HeldOn.Month).Distinct().Count();
        int Quarters(MeetingKind k) =>
            period.Quarters == 0 ? 0 : inPeriod.Where(m => m.Kind == k).Select(m => (m.HeldOn.Month - 1) / 3).Distinct().Count();
        return new ComplianceResult(
            Months(MeetingKind.CommitteeMeeting), Months(MeetingKind.GroupMeeting), Months(MeetingKind.ThemePartyDay),
            Quarters(MeetingKind.GeneralMeeting), Quarters(MeetingKind.PartyLecture),
            period.Months, period.Quarters,
            inPeriod.Count(m => m.Kind == MeetingKind.ThemePartyDay && m.HeldOn.Day != 15));
    }
}
