namespace Party.Honors.Domain;

// ---- Facts received as events (enter once: nothing here is typed in by a user) ----

/// <summary>A member as the members service describes them (stage, status, name, branch).</summary>
public sealed class MemberFact
{
    public Guid MemberId { get; set; }
    public Guid BranchId { get; set; }
    public required string Name { get; set; }
    public string? Stage { get; set; }
    /// <summary>When the stage was reached; a late older event does not roll it back.</summary>
    public DateOnly? StageChangedOn { get; set; }
    /// <summary>As the members service states it; <see cref="Eligibility.UnknownStatus"/> until an event carrying the status arrives.</summary>
    public string Status { get; set; } = Eligibility.UnknownStatus;
    public DateTimeOffset? StatusChangedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A year-end points grade (年度积分评定) of one member.</summary>
public sealed class MemberGrade
{
    public Guid MemberId { get; set; }
    public int Year { get; set; }
    public required string Grade { get; set; }
    public decimal Score { get; set; }
    public bool Vetoed { get; set; }
}

public enum MemberMarkKind { Veto, Sanction, Expulsion }

/// <summary>A veto, sanction or expulsion against a member; used for eligibility and kept as the revocation reason.</summary>
public sealed class MemberMark
{
    public Guid Id { get; set; }
    public Guid MemberId { get; set; }
    public MemberMarkKind Kind { get; set; }
    public int Year { get; set; }
    public required string Detail { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
}

/// <summary>A published star rating of a branch, with the secretary named in it.</summary>
public sealed class BranchRating
{
    public Guid BranchId { get; set; }
    public int Year { get; set; }
    public int Stars { get; set; }
    public decimal Score { get; set; }
    public Guid? SecretaryMemberId { get; set; }
}

/// <summary>One cadre's line of a township's closed attendance month (a cadre who moved mid-month has one per township).</summary>
public sealed class CadreMonth
{
    public Guid CadreId { get; set; }
    public int Year { get; set; }
    public int Month { get; set; }
    public Guid TownshipId { get; set; }
    public required string CadreName { get; set; }
    public Guid VillageId { get; set; }
    public int InVillageDays { get; set; }
    public int RequiredDays { get; set; }
    public bool Compliant { get; set; }
    public int Violations { get; set; }
}

public sealed class CadreViolation
{
    public Guid ViolationId { get; set; }
    public Guid CadreId { get; set; }
    public DateOnly Day { get; set; }
    public required string Kind { get; set; }
}

// ---- Workflow ----

/// <summary>A nomination (推荐) of a subject for an honor type in a year.</summary>
public sealed class Nomination
{
    public Guid Id { get; set; }
    public required string HonorTypeCode { get; set; }
    public HonorLevel Level { get; set; }
    public int Year { get; set; }
    /// <summary>Only for 驻村工作月标兵.</summary>
    public int? Month { get; set; }
    public SubjectKind SubjectKind { get; set; }
    public Guid SubjectId { get; set; }
    public required string SubjectName { get; set; }
    /// <summary>The unit the subject belongs to; scope and the honor roll follow its path.</summary>
    public Guid OrgUnitId { get; set; }
    public required string OrgPath { get; set; }
    /// <summary>Version of the org-unit snapshot <see cref="OrgPath"/> came from; a move only applies a newer one.</summary>
    public long OrgVersion { get; set; }
    public required string Deeds { get; set; }
    public NominationStatus Status { get; set; }
    public required string NominatedBy { get; set; }
    public DateTimeOffset NominatedAt { get; set; }
    public DateOnly? NoticeStartsOn { get; set; }
    public DateOnly? NoticeEndsOn { get; set; }
    public string? RejectionReason { get; set; }
    public string? Batch { get; set; }
    public Guid? AwardId { get; set; }
    /// <summary>Guesthouse application (党员农家宾馆申报).</summary>
    public Guid? OwnerMemberId { get; set; }
    public string? BusinessLicence { get; set; }
    public DateOnly? OpenedOn { get; set; }
    public GuesthouseLead[]? LeadsMet { get; set; }
    public uint RowVersion { get; set; }
}

/// <summary>A joint-review opinion; a unit's newest opinion counts, earlier ones stay as the record.</summary>
public sealed class ReviewOpinion
{
    public Guid Id { get; set; }
    public Guid NominationId { get; set; }
    public ReviewingUnit Unit { get; set; }
    public Verdict Verdict { get; set; }
    public required string Comment { get; set; }
    public required string GivenBy { get; set; }
    public DateTimeOffset GivenAt { get; set; }
}

/// <summary>An objection filed during public notice (公示异议).</summary>
public sealed class NoticeObjection
{
    public Guid Id { get; set; }
    public Guid NominationId { get; set; }
    public required string Content { get; set; }
    public required string FiledBy { get; set; }
    public DateTimeOffset FiledAt { get; set; }
    /// <summary>Null while open; true when upheld (the nomination is rejected), false when dismissed.</summary>
    public bool? Upheld { get; set; }
    public string? Resolution { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
}

// ---- Advanced-model database (先进典型信息库) ----

/// <summary>An honor held by a subject: awarded here or recorded from outside (全国劳动模范, 中国好人…).</summary>
public sealed class Award
{
    public Guid Id { get; set; }
    public Guid? NominationId { get; set; }
    public string? HonorTypeCode { get; set; }
    public required string HonorName { get; set; }
    public HonorLevel Level { get; set; }
    public SubjectKind SubjectKind { get; set; }
    public Guid SubjectId { get; set; }
    public required string SubjectName { get; set; }
    public Guid OrgUnitId { get; set; }
    public required string OrgPath { get; set; }
    /// <summary>Version of the org-unit snapshot <see cref="OrgPath"/> came from; a move only applies a newer one.</summary>
    public long OrgVersion { get; set; }
    public int Year { get; set; }
    public required string Batch { get; set; }
    public bool External { get; set; }
    /// <summary>Awarding body of an external honor.</summary>
    public string? Issuer { get; set; }
    public DateTimeOffset AwardedAt { get; set; }
    public AwardStatus Status { get; set; }
    public DateOnly? RectificationDeadline { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevocationReason { get; set; }
    public uint RowVersion { get; set; }
}

/// <summary>One profile per awarded subject: deeds, photo and media links.</summary>
public sealed class ModelProfile
{
    /// <summary>The subject's id (member, unit, cadre or guesthouse).</summary>
    public Guid Id { get; set; }
    public SubjectKind SubjectKind { get; set; }
    public required string Name { get; set; }
    public Guid OrgUnitId { get; set; }
    public required string OrgPath { get; set; }
    /// <summary>Version of the org-unit snapshot <see cref="OrgPath"/> came from; a move only applies a newer one.</summary>
    public long OrgVersion { get; set; }
    public required string Deeds { get; set; }
    /// <summary>Shown on the honor roll.</summary>
    public required string DeedsSummary { get; set; }
    public string? PhotoUrl { get; set; }
    public string[] MediaLinks { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public uint RowVersion { get; set; }
}

/// <summary>A yearly re-review (一年一复核) of one award.</summary>
public sealed class AwardReReview
{
    public Guid Id { get; set; }
    public Guid AwardId { get; set; }
    public int Year { get; set; }
    public ReReviewOutcome Outcome { get; set; }
    public DateOnly? RectificationDeadline { get; set; }
    public string? Reason { get; set; }
    public required string ReviewedBy { get; set; }
    public DateTimeOffset ReviewedAt { get; set; }
}

/// <summary>A follow-up visit (回访) to a model.</summary>
public sealed class FollowUpVisit
{
    public Guid Id { get; set; }
    public Guid ProfileId { get; set; }
    public DateOnly VisitedOn { get; set; }
    public required string Visitor { get; set; }
    public required string Notes { get; set; }
    public required string RecordedBy { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}
