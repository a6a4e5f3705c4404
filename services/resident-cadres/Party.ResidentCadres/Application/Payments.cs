using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Party.Persistence.Audit;
using Party.ResidentCadres.Data;
using Party.ResidentCadres.Domain.Stipends;
using Party.ServiceDefaults.Idempotency;
using Party.ServiceDefaults.Problems;

namespace Party.ResidentCadres.Application;

/// <summary>The finance bureau's (财政局) confirmation that a statement was paid.</summary>
public static class Payments
{
    /// <summary>
    /// Pays an approved statement once. A repeat with the same reference changes nothing; a different reference for a paid
    /// statement, or a statement not yet approved, is a conflict.
    /// </summary>
    public static async Task ConfirmAsync(ResidentCadresDbContext db, string prefix, Guid id, string reference, ClaimsPrincipal user,
        DateTimeOffset now, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginOrJoinTransactionAsync(ct);
        // The statement is the natural key of a payment confirmation: only an approved statement turns
        // paid, in one conditional update, so two confirmations racing cannot both pay it.
        var paid = await db.Statements
            .Where(s => s.Id == id && s.OrgPath.StartsWith(prefix) && s.Status == StatementStatus.Approved)
            .ExecuteUpdateAsync(u => u
                .SetProperty(s => s.Status, StatementStatus.Paid)
                .SetProperty(s => s.PaidAt, now)
                .SetProperty(s => s.PaymentReference, reference), ct);
        var statement = await db.Statements.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id && s.OrgPath.StartsWith(prefix), ct)
            ?? throw DomainException.NotFound("statements");
        if (paid == 1)
        {
            db.Audit(user, now, "statement", statement.Id, statement.OrgPath, "paid", StatementStatus.Approved.ToString(),
                StatementStatus.Paid.ToString(), reference);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        else if (statement.Status == StatementStatus.Paid && statement.PaymentReference != reference)
            throw DomainException.Conflict("payments.reference_conflict",
                $"该核算单已于 {statement.PaidAt:yyyy-MM-dd HH:mm} 确认支付，凭证号为 {statement.PaymentReference}，" +
                $"与本次的 {reference} 不一致；请核对后联系县委组织部。");
        else if (statement.Status != StatementStatus.Paid)
            throw DomainException.Conflict("payments.not_approved", "该核算单尚未经县委组织部审定，不能支付。");
    }
}
