namespace Party.Contracts.Honors;

/// <summary>An honor was awarded in a named batch (e.g. "2026 七一表彰").</summary>
public sealed record HonorAwarded
{
    public required Guid AwardId { get; init; }
    public required string HonorTypeCode { get; init; }
    public required string HonorName { get; init; }
    /// <summary>county, city, province, national.</summary>
    public required string Level { get; init; }
    /// <summary>member, orgUnit, secretary, cadre, guesthouse.</summary>
    public required string SubjectKind { get; init; }
    public required Guid SubjectId { get; init; }
    public required Guid OrgUnitId { get; init; }
    public required int Year { get; init; }
    public required string Batch { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>An award was revoked (yearly re-review or automatically on veto, expulsion or sanction).</summary>
public sealed record HonorRevoked
{
    public required Guid AwardId { get; init; }
    public required string HonorTypeCode { get; init; }
    public required string Level { get; init; }
    public required string SubjectKind { get; init; }
    public required Guid SubjectId { get; init; }
    public required Guid OrgUnitId { get; init; }
    public required int Year { get; init; }
    public required string Reason { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>
/// A nomination entered joint review (联审): each reviewing unit the honor type requires is to give its opinion through
/// <c>POST /api/honors/nominations/{id}/opinions</c>. Only those units are told: the bureau clients whose token names one of
/// <see cref="ReviewerBureaus"/> (the <c>bureau</c> claim of a client registered in identity), and the seeded client ids of
/// <see cref="ReviewerClients"/> (token <c>sub</c>, for clients without that claim).
/// </summary>
public sealed record NominationAwaitingReview
{
    public required Guid NominationId { get; init; }
    public required string HonorTypeCode { get; init; }
    public required string HonorName { get; init; }
    public required string Level { get; init; }
    public required int Year { get; init; }
    public int? Month { get; init; }
    public required string SubjectKind { get; init; }
    public required Guid SubjectId { get; init; }
    public required string SubjectName { get; init; }
    public required Guid OrgUnitId { get; init; }
    /// <summary>Reviewing units whose opinion is required (camelCase: disciplineCommission, publicSecurity …).</summary>
    public required IReadOnlyList<string> RequiredReviewers { get; init; }
    public required IReadOnlyList<string> ReviewerClients { get; init; }
    /// <summary>
    /// Identity's bureau names of the required units (discipline, political-legal …); empty in events published before it existed.
    /// </summary>
    public IReadOnlyList<string> ReviewerBureaus { get; init; } = [];
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>
/// A member under a discipline sanction (受党纪处分, within the clean-record window of the eligibility rules) is the
/// subject — or, for a model guesthouse, the owner — of an open nomination: either the member was nominated while
/// sanctioned (<see cref="Trigger"/> = nominated) or a sanction arrived while the nomination was open (sanctioned).
/// </summary>
public sealed record SanctionedMemberNominated
{
    public required Guid NominationId { get; init; }
    public required string HonorTypeCode { get; init; }
    public required string HonorName { get; init; }
    public required int Year { get; init; }
    /// <summary>underReview or onNotice.</summary>
    public required string NominationStatus { get; init; }
    public required string SubjectKind { get; init; }
    public required Guid SubjectId { get; init; }
    public required Guid MemberId { get; init; }
    public required Guid OrgUnitId { get; init; }
    /// <summary>The sanctions (ids as reported by the discipline commission) that make the member "under sanction".</summary>
    public required IReadOnlyList<Guid> SanctionIds { get; init; }
    /// <summary>nominated or sanctioned.</summary>
    public required string Trigger { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}
