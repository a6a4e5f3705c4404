using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Party.Common;
using Party.Contracts.ResidentCadres;
using Party.Messaging;
using Party.Persistence.Jobs;
using Party.ResidentCadres.Data;
using Party.ResidentCadres.Domain.Stipends;
using Party.ServiceDefaults.Idempotency;

namespace Party.ResidentCadres.Jobs;

/// <summary>
/// Checked periodically (a replica that was down catches up): approved statements whose payment due date has come and
/// that are still unpaid are announced to the finance bureau (财政局), once per statement — the statement row records
/// that it was announced in the same transaction as the outbox rows, and replicas take an advisory lock.
/// </summary>
public sealed class PaymentDueJob(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration config, ILogger<PaymentDueJob> log)
    : PeriodicJob(scopes, clock, config, log)
{
    protected override string Name => "Payment-due check";
    protected override string IntervalSecondsKey => "Party:ResidentCadres:PaymentDueCheckSeconds";
    protected override TimeSpan DefaultInterval => TimeSpan.FromSeconds(600);

    protected override async Task RunOnceAsync(IServiceProvider scoped, CancellationToken ct)
    {
        var n = await PaymentDueCheck.RunAsync(scoped.GetRequiredService<ResidentCadresDbContext>(), Clock.GetUtcNow(), ct);
        if (n > 0) Log.LogInformation("{Count} stipend statements are due for payment", n);
    }
}

public static class PaymentDueCheck
{
    private const long LockKey = 0x5243_5041_5944; // "RCPAYD": this job's advisory-lock id.

    /// <summary>
    /// Marks every statement that became due and adds its <see cref="StipendPaymentDue"/>; returns how many. Running it again changes
    /// nothing.
    /// </summary>
    public static async Task<int> RunAsync(ResidentCadresDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var today = BusinessDate.Of(now);
        await using var tx = await db.Database.BeginOrJoinTransactionAsync(ct);
        await using (var command = db.Database.GetDbConnection().CreateCommand())
        {
            command.Transaction = tx.GetDbTransaction();
            command.CommandText = $"SELECT pg_try_advisory_xact_lock({LockKey})";
            if (!(bool)(await command.ExecuteScalarAsync(ct))!) return 0;
        }
        // One set-based UPDATE picks and marks the due rows (approved, unpaid, due day reached); only the outbox rows are added per
        // statement.
        var due = await db.Database.SqlQuery<DueRow>($"""
            UPDATE stipend_statements SET payment_due_notified_at = {now}
            WHERE status = 'Approved' AND payment_due_notified_at IS NULL AND payment_due_on <= {today}
            RETURNING id, close_id, cadre_id, village_id, year, month, kind, total, approved_at, payment_due_on AS due_on
            """).ToListAsync(ct);
        foreach (var s in due)
            db.AddEvent(new StipendPaymentDue
            {
                StatementId = s.Id, CloseId = s.CloseId, CadreId = s.CadreId, VillageId = s.VillageId, Year = s.Year, Month = s.Month,
                Kind = s.Kind == nameof(StatementKind.Adjusting) ? "adjusting" : "regular", Total = s.Total,
                ApprovedOn = BusinessDate.Of(s.ApprovedAt), DueOn = s.DueOn, OccurredAt = now,
            }, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return due.Count;
    }

    private sealed record DueRow(Guid Id, Guid CloseId, Guid CadreId, Guid VillageId, int Year, int Month, string Kind, decimal Total,
        DateTimeOffset ApprovedAt,
        DateOnly DueOn);
}
