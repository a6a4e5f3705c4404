namespace Party.Branches.Domain.Weak;

/// <summary>Weak-and-lax designation (软弱涣散党组织) of a branch for a year; lifted after rectification.</summary>
public sealed class WeakDesignation
{
    public Guid Id { get; set; }
    public Guid BranchId { get; set; }
    public required string OrgPath { get; set; }
    public int Year { get; set; }
    public required string Reason { get; set; }
    public DateTimeOffset DesignatedAt { get; set; }
    public required string DesignatedBy { get; set; }
    public DateTimeOffset? LiftedAt { get; set; }
    public string? LiftReason { get; set; }
    public uint RowVersion { get; set; }
}
