namespace Party.ResidentCadres.Domain;

/// <summary>A township's month of attendance, closed (关账); after close only adjusting statements change money.</summary>
public sealed class MonthClose
{
    public Guid Id { get; set; }
    public Guid TownshipId { get; set; }
    public required string OrgPath { get; set; }
    public int Year { get; set; }
    public int Month { get; set; }
    public DateTimeOffset ClosedAt { get; set; }
    public required string ClosedBy { get; set; }
}

/// <summary>One cadre's line of a closed month, as it was at close.</summary>
public sealed class AttendanceMonth
{
    public Guid CloseId { get; set; }
    public Guid CadreId { get; set; }
    public Guid VillageId { get; set; }
    public required string OrgPath { get; set; }
    public int Year { get; set; }
    public int Month { get; set; }
    public int AssignedDays { get; set; }
    public int InVillageDays { get; set; }
    public int RequiredDays { get; set; }
    public bool Compliant { get; set; }
    public int Violations { get; set; }
}

public enum StatementKind { Regular, Adjusting }

/// <summary>PendingTownship → PendingCounty → Approved (immutable, visible to finance) → Paid.</summary>
public enum StatementStatus { PendingTownship, PendingCounty, Approved, Paid }

/// <summary>A stipend statement (补助核算单); an adjusting statement carries the difference to what was stated before.</summary>
public sealed class StipendStatement
{
    public Guid Id { get; set; }
    public Guid CloseId { get; set; }
    public Guid CadreId { get; set; }
    public Guid VillageId { get; set; }
    public required string OrgPath { get; set; }
    public int Year { get; set; }
    public int Month { get; set; }
    public StatementKind Kind { get; set; }
    public int InVillageDays { get; set; }
    public int RequiredDays { get; set; }
    public decimal Living { get; set; }
    public decimal Transport { get; set; }
    public decimal Communication { get; set; }
    public decimal Total { get; set; }
    public StatementStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? PaidAt { get; set; }
    public string? PaymentReference { get; set; }
    /// <summary>When the county approved it (审定); null for statements approved before this was kept.</summary>
    public DateTimeOffset? ApprovedAt { get; set; }
    /// <summary>The payment deadline (支付期限): approval day + the payment term in force that day.</summary>
    public DateOnly? PaymentDueOn { get; set; }
    /// <summary>When <c>StipendPaymentDue</c> was published for it: at most once per statement.</summary>
    public DateTimeOffset? PaymentDueNotifiedAt { get; set; }
}

public enum FundKind { WorkFund, SpecialFund }

public enum FundEntryKind { Allocation, Spending }

/// <summary>A line of the work-fund (工作经费) or special-fund (专项经费) ledger; nothing is edited, corrections are new lines.</summary>
/// <summary>
/// When an approved statement's payment is due (SPEC §5.8 is silent on a deadline): the approval day plus a payment
/// term (default 15 days, a rule setting); due once the local day reaches it while the statement is still unpaid.
/// </summary>
public static class PaymentDue
{
    public static DateOnly DueOn(DateOnly approvedOn, int termDays) => approvedOn.AddDays(termDays);
}

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

/// <summary>A weekly circular (每周通报) for the week starting <see cref="WeekStart"/> (a Monday).</summary>
public sealed class WeeklyCircular
{
    public DateOnly WeekStart { get; set; }
    public DateTimeOffset GeneratedAt { get; set; }
}

public sealed class WeeklyCircularLine
{
    public DateOnly WeekStart { get; set; }
    public Guid CadreId { get; set; }
    public required string CadreName { get; set; }
    public Guid VillageId { get; set; }
    public Guid TownshipId { get; set; }
    public required string OrgPath { get; set; }
    public int InVillageDaysWeek { get; set; }
    public int InVillageDaysMonth { get; set; }
    public int LeaveDaysWeek { get; set; }
    public int ViolationsWeek { get; set; }
    /// <summary>Behind the month's pace (see <see cref="AttendanceRules.BehindPace"/>) or any violation in the week.</summary>
    public bool NonCompliant { get; set; }
}

public enum NominationStatus { Nominated, Selected }

/// <summary>A star-of-the-month nomination (驻村工作月标兵).</summary>
public sealed class StarNomination
{
    public Guid Id { get; set; }
    public Guid CadreId { get; set; }
    public Guid VillageId { get; set; }
    public Guid TownshipId { get; set; }
    public required string OrgPath { get; set; }
    public int Year { get; set; }
    public int Month { get; set; }
    public required string Reason { get; set; }
    public NominationStatus Status { get; set; }
    public DateTimeOffset NominatedAt { get; set; }
    public DateTimeOffset? SelectedAt { get; set; }
}

public static class StarRules
{
    public static bool Eligible(bool monthClosed, bool compliant, int violations) => monthClosed && compliant && violations == 0;

    public static bool CapAllows(int alreadySelected, int cap) => alreadySelected < cap;
}
