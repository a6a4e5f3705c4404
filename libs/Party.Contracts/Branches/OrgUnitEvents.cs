namespace Party.Contracts.Branches;

/// <summary>The full state of an org unit (组织单位) after a change; replicas keep the highest <see cref="Version"/>.</summary>
public sealed record OrgUnitSnapshot
{
    public required Guid OrgUnitId { get; init; }
    public required string Code { get; init; }
    public required string Name { get; init; }
    /// <summary>CountyCommittee, TownshipCommittee, GeneralBranch or Branch (enum member names).</summary>
    public required string Kind { get; init; }
    /// <summary>
    /// RuralVillage, Community, GovernmentOrgan, PublicInstitution, StateOwnedEnterprise, NonPublicEnterprise, SocialOrganization or
    /// School.
    /// </summary>
    public required string Domain { get; init; }
    public Guid? ParentId { get; init; }
    /// <summary>Materialized path of ids, "/root/…/self/"; a subtree is every path with this prefix.</summary>
    public required string Path { get; init; }
    public required bool Dissolved { get; init; }
    /// <summary>Monotonic per unit, so replicas can ignore an older snapshot that arrives late.</summary>
    public required long Version { get; init; }
}

public sealed record OrgUnitRegistered
{
    public required OrgUnitSnapshot Unit { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>Renamed or moved; a move publishes one of these for the unit and for every descendant whose path changed.</summary>
public sealed record OrgUnitChanged
{
    public required OrgUnitSnapshot Unit { get; init; }
    public required string Change { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

public sealed record OrgUnitDissolved
{
    public required OrgUnitSnapshot Unit { get; init; }
    public required string Reason { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}
