using Party.Honors.Domain.HonorTypes;

namespace Party.Honors.Domain.ModelDatabase;

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
    /// <summary>How much of the deeds a new profile's summary (shown on the honor roll) takes.</summary>
    public const int SummaryLength = 120;

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

    /// <summary>The profile a subject gets with its first honor (awarded here or recorded from outside).</summary>
    public static ModelProfile New(Guid id, SubjectKind kind, string name, Guid orgUnitId, string orgPath, long orgVersion, string deeds,
        DateTimeOffset now) => new()
    {
        Id = id, SubjectKind = kind, Name = name, OrgUnitId = orgUnitId, OrgPath = orgPath, OrgVersion = orgVersion, Deeds = deeds,
        DeedsSummary = deeds.Length <= SummaryLength ? deeds : deeds[..SummaryLength] + "…", CreatedAt = now,
    };
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
