using Party.Branches.Domain.Meetings;
using Party.Persistence;
using Party.ServiceDefaults.Problems;

namespace Party.Branches.Apis;

public sealed record RecordMeetingRequest(Guid? BranchId, MeetingKind? Kind, DateOnly? HeldOn, string? Topic, List<Guid>? Attendees,
    [FreeText] string? Minutes = null, List<Guid>? AbsentWithLeave = null, List<Guid>? AbsentWithoutLeave = null);

public sealed record MeetingResponse(Guid Id, Guid BranchId, MeetingKind Kind, DateOnly HeldOn, string Topic, string? Minutes,
    IReadOnlyList<Guid> Attendees, IReadOnlyList<Guid> AbsentWithLeave, IReadOnlyList<Guid> AbsentWithoutLeave, DateTimeOffset RecordedAt)
{
    public static MeetingResponse From(Meeting m) =>
        new(m.Id, m.BranchId, m.Kind, m.HeldOn, m.Topic, m.Minutes, m.Attendees, m.AbsentWithLeave, m.AbsentWithoutLeave, m.RecordedAt);
}

public sealed record ComplianceRow(Guid BranchId, string BranchCode, string BranchName, int CommitteeMonths, int GroupMonths,
    int ThemeDayMonths, int GeneralMeetingQuarters, int LectureQuarters, int RequiredMonths, int RequiredQuarters, int ThemeDaysOffThe15th,
    int MissingSlots, bool Compliant);
public sealed record ComplianceReport(int Year, int? Quarter, int? Month, DateOnly From, DateOnly To, long? Branches, long NonCompliant,
    Page<ComplianceRow> Rows);
