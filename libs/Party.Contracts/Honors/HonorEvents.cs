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
