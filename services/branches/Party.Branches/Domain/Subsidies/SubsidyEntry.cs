using Party.ServiceDefaults.Problems;

namespace Party.Branches.Domain.Subsidies;

/// <summary>Pending → approved by the county → paid (confirmed by the finance bureau's client). Paid rows never change.</summary>
public enum SubsidyStatus { Pending, Approved, Paid }

/// <summary>One branch's party-work funds for one year (党建工作经费补贴台账), from its final star rating and the year's tariff.</summary>
public sealed class SubsidyEntry
{
    public Guid Id { get; set; }
    public Guid BranchId { get; set; }
    public required string OrgPath { get; set; }
    public int Year { get; set; }
    public Guid RatingId { get; set; }
    public int Stars { get; set; }
    public decimal Amount { get; set; }
    /// <summary>The part that may reward the secretary (书记奖励部分), included in <see cref="Amount"/>.</summary>
    public decimal SecretaryShare { get; set; }
    public SubsidyStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ApprovedAt { get; set; }
    public string? ApprovedBy { get; set; }
    public DateTimeOffset? PaidAt { get; set; }
    public DateOnly? PaidOn { get; set; }
    public string? PaymentReference { get; set; }
    public string? PaidBy { get; set; }
    public uint RowVersion { get; set; }

    public void Approve(string by, DateTimeOffset now)
    {
        if (Status == SubsidyStatus.Paid) throw Immutable();
        if (Status != SubsidyStatus.Pending) throw new DomainException("subsidies.wrong_status", "该补贴已审批，无需重复审批。", 409);
        Status = SubsidyStatus.Approved;
        ApprovedAt = now;
        ApprovedBy = by;
    }

    /// <summary>
    /// Payment confirmation from the finance bureau. The same reference again is a no-op (a retry); anything else on a paid row is refused.
    /// </summary>
    public bool ConfirmPayment(string reference, DateOnly paidOn, string by, DateTimeOffset now)
    {
        if (Status == SubsidyStatus.Paid)
        {
            // The row is the payment's natural key: the same confirmation again is the one recorded; another is a conflict.
            if (PaymentReference == reference && PaidOn == paidOn) return false;
            throw Immutable();
        }
        if (Status != SubsidyStatus.Approved) throw new DomainException("subsidies.not_approved", "该补贴尚未经县委组织部审批，不能确认支付。", 409);
        Status = SubsidyStatus.Paid;
        PaymentReference = reference;
        PaidOn = paidOn;
        PaidAt = now;
        PaidBy = by;
        return true;
    }

    public static DomainException Immutable() => new("subsidies.paid_immutable", "该补贴已支付，记录不可再更改；如需更正请另行登记。", 409);
}
