namespace Party.Members.Domain.Members;

/// <summary>A party dues payment (党费缴纳); the latest one feeds the lost-contact rule.</summary>
public sealed class DuesPayment
{
    public Guid Id { get; set; }
    public Guid MemberId { get; set; }
    public required string OrgPath { get; set; }
    public DateOnly PaidOn { get; set; }
    /// <summary>Yuan, 2 decimals.</summary>
    public decimal Amount { get; set; }
    public string? Note { get; set; }
    public required string RecordedBy { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}
