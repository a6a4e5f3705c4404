namespace Party.ResidentCadres.Domain.Funds;

public enum FundKind { WorkFund, SpecialFund }

public enum FundEntryKind { Allocation, Spending }

/// <summary>A line of the work-fund (工作经费) or special-fund (专项经费) ledger; nothing is edited, corrections are new lines.</summary>
public sealed class FundLedgerEntry
{
    public Guid Id { get; set; }
    public Guid CadreId { get; set; }
    public Guid VillageId { get; set; }
    public required string OrgPath { get; set; }
    public FundKind Fund { get; set; }
    public int Year { get; set; }
    public FundEntryKind Kind { get; set; }
    /// <summary>Positive for allocations, negative for spending.</summary>
    public decimal Amount { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset At { get; set; }
}
