using Party.Honors.Domain.HonorTypes;
using Party.Honors.Domain.Subjects;

namespace Party.Honors.Domain.Nominations;

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
