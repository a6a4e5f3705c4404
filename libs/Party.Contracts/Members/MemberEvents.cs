namespace Party.Contracts.Members;

/// <summary>A development-pipeline transition (发展党员); stages: applicant, activist, candidate, probationary, full (or cancelled).</summary>
public sealed record MemberStageChanged
{
    public required Guid MemberId { get; init; }
    public required Guid BranchId { get; init; }
    public required string MemberName { get; init; }
    public required string FromStage { get; init; }
    public required string ToStage { get; init; }
    public required DateOnly ChangedOn { get; init; }
    public required DateOnly BirthDate { get; init; }
    /// <summary>Age in whole years on <see cref="ChangedOn"/>.</summary>
    public required int AgeAtChange { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>
/// The year-end points grades (年度积分评定) of one branch's members: one event per branch a close graded, and on a
/// re-assessment one per branch with the members whose grade changed. One event per member made a province close two million
/// messages, each a delivery, an inbox row and a transaction in every consumer.
/// </summary>
public sealed record BranchAnnualAssessmentsPublished
{
    public required Guid BranchId { get; init; }
    public required int Year { get; init; }
    public required IReadOnlyList<MemberAnnualAssessment> Assessments { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>One member's grade in <see cref="BranchAnnualAssessmentsPublished"/> (优秀/合格/基本合格/不合格 as
/// excellent/qualified/basicallyQualified/unqualified).</summary>
public sealed record MemberAnnualAssessment
{
    public required Guid MemberId { get; init; }
    public required string MemberName { get; init; }
    public required decimal Score { get; init; }
    public required string Grade { get; init; }
    public required bool Vetoed { get; init; }
    public required string Stage { get; init; }
}

/// <summary>A veto (一票否决) was recorded against a member for a year.</summary>
public sealed record MemberVetoed
{
    public required Guid MemberId { get; init; }
    public required Guid BranchId { get; init; }
    public required int Year { get; init; }
    public required string Reason { get; init; }
    /// <summary>What caused it, e.g. "sanction:expulsion" or "branch".</summary>
    public required string Source { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>Status: active, mobile, lostContact, transferredOut, deceased, stageCancelled, expelled.</summary>
public sealed record MemberStatusChanged
{
    public required Guid MemberId { get; init; }
    public required Guid BranchId { get; init; }
    public required string FromStatus { get; init; }
    public required string ToStatus { get; init; }
    public required string Reason { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>A discipline sanction reported by the discipline commission (纪委) through the bureau API.</summary>
public sealed record DisciplineSanctionReported
{
    public required Guid SanctionId { get; init; }
    public required Guid MemberId { get; init; }
    public required Guid BranchId { get; init; }
    /// <summary>warning, seriousWarning, removalFromPost, probationWithinParty, expulsion.</summary>
    public required string Kind { get; init; }
    public required DateOnly DecidedOn { get; init; }
    public required string Reason { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>
/// A member record came into being here (created one by one or imported from a sheet), with the stage and status it was
/// entered with: a member entered directly as full (正式党员) or as mobile (流动) reaches every other service as such.
/// Stage: applicant, activist, candidate, probationary, full; status as in <see cref="MemberStatusChanged"/>.
/// </summary>
public sealed record MemberRegistered
{
    public required Guid MemberId { get; init; }
    public required Guid BranchId { get; init; }
    public required string MemberName { get; init; }
    public required string Stage { get; init; }
    /// <summary>The day the member reached <see cref="Stage"/> as entered (the stage's date, else the day of entry).</summary>
    public required DateOnly StageSince { get; init; }
    public required string Status { get; init; }
    public required DateOnly BirthDate { get; init; }
    /// <summary>Admission as probationary member (接收为预备党员), when the member was entered past it.</summary>
    public DateOnly? ProbationaryOn { get; init; }
    /// <summary>"created" or "imported".</summary>
    public required string Source { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>A member moved to another branch (组织关系转接) inside the system.</summary>
public sealed record MemberTransferred
{
    public required Guid MemberId { get; init; }
    public required Guid FromBranchId { get; init; }
    public required Guid ToBranchId { get; init; }
    public required string MemberName { get; init; }
    public required string Stage { get; init; }
    public required string Status { get; init; }
    public required DateOnly TransferredOn { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}
