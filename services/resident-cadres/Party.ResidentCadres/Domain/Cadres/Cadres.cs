namespace Party.ResidentCadres.Domain.Cadres;

/// <summary>驻村第一书记, 工作队队长, 工作队员.</summary>
public enum CadreRole { FirstSecretary, TeamLeader, TeamMember }

/// <summary>
/// A resident cadre (驻村干部). <see cref="UserId"/> is the <c>sub</c> of the cadre's token (role
/// <c>cadre</c>): that is how the phone portal's caller is tied to this profile.
/// </summary>
public sealed class Cadre
{
    public Guid Id { get; set; }
    public required string UserId { get; set; }
    public required string Name { get; set; }
    public string? Mobile { get; set; }
    /// <summary>派出单位.</summary>
    public required string DispatchingUnit { get; set; }
    /// <summary>The unit that registered the cadre; scope follows the active assignment's village once there is one.</summary>
    public Guid HomeOrgId { get; set; }
    public required string OrgPath { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public uint RowVersion { get; set; }
}

/// <summary>One stationing of a cadre in a village; at most one open assignment per cadre, closed ones kept as history.</summary>
public sealed class Assignment
{
    public Guid Id { get; set; }
    public Guid CadreId { get; set; }
    public Guid VillageId { get; set; }
    public required string OrgPath { get; set; }
    public CadreRole Role { get; set; }
    /// <summary>县派 — with a registered poor village this earns the special fund.</summary>
    public bool CountyDispatched { get; set; }
    public DateOnly StartsOn { get; set; }
    /// <summary>Planned end while open; the actual last day once ended.</summary>
    public DateOnly? EndsOn { get; set; }
    public bool Ended { get; set; }
    public string? EndReason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
