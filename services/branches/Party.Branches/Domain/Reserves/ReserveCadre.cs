using Party.Branches.Domain.Secretaries;

namespace Party.Branches.Domain.Reserves;

/// <summary>Where a reserve cadre was nominated (三推): by the branch, by all members, by villager representatives.</summary>
public enum NominationChannel { Branch, AllMembers, VillagerRepresentatives }

/// <summary>Nominated → reviewed by the township (一审) → after 6 months 三评一考 → kept or removed; or rejected at review.</summary>
public enum ReserveStatus { Nominated, Reviewed, Kept, Removed, Rejected }

/// <summary>A village reserve cadre (村级后备干部).</summary>
public sealed class ReserveCadre
{
    public Guid Id { get; set; }
    public Guid BranchId { get; set; }
    public required string OrgPath { get; set; }
    public required string Name { get; set; }
    public DateOnly BirthDate { get; set; }
    public EducationLevel Education { get; set; }
    public List<NominationChannel> Channels { get; set; } = [];
    public DateOnly NominatedOn { get; set; }
    public ReserveStatus Status { get; set; }
    public DateOnly? ReviewedOn { get; set; }
    public string? ReviewComment { get; set; }
    /// <summary>三评一考: self, branch and township evaluation plus an exam.</summary>
    public string? SelfEvaluation { get; set; }
    public string? BranchEvaluation { get; set; }
    public string? TownshipEvaluation { get; set; }
    public decimal? ExamScore { get; set; }
    public DateOnly? EvaluatedOn { get; set; }
    public string? DecisionReason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public uint RowVersion { get; set; }

    /// <summary>The evaluation comes 6 months after the township review.</summary>
    public static DateOnly EvaluationDueOn(DateOnly reviewedOn) => reviewedOn.AddMonths(6);
}
