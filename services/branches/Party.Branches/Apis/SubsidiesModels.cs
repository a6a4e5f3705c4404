using Party.Branches.Domain.Subsidies;

namespace Party.Branches.Apis;

public sealed record ApproveSubsidiesRequest(int? Year);
public sealed record ConfirmPaymentRequest(string? PaymentReference, DateOnly? PaidOn);
/// <summary>The payment confirmation as the finance bureau sends it for stipend statements too (<c>reference</c>).</summary>
public sealed record ConfirmSubsidyRequest(string? Reference, DateOnly? PaidOn);
public sealed record SubsidyResponse(Guid Id, Guid BranchId, string BranchCode, string BranchName, int Year, int Stars, decimal Amount,
    decimal SecretaryShare, SubsidyStatus Status, DateTimeOffset? ApprovedAt, DateOnly? PaidOn, string? PaymentReference);
public sealed record ApproveSubsidiesResult(int Approved);
