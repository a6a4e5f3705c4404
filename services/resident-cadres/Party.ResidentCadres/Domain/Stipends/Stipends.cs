namespace Party.ResidentCadres.Domain.Stipends;

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

/// <summary>
/// When an approved statement's payment is due (SPEC §5.8 is silent on a deadline): the approval day plus a payment
/// term (default 15 days, a rule setting); due once the local day reaches it while the statement is still unpaid.
/// </summary>
public static class PaymentDue
{
    public static DateOnly DueOn(DateOnly approvedOn, int termDays) => approvedOn.AddDays(termDays);
}
