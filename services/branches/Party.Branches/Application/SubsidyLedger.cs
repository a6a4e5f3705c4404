using Microsoft.EntityFrameworkCore;
using Party.Branches.Apis;
using Party.Branches.Data;
using Party.Branches.Domain.Subsidies;
using Party.Common;
using Party.Contracts.Branches;
using Party.Messaging;
using Party.Persistence;
using Party.Persistence.Audit;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Idempotency;
using Party.ServiceDefaults.Problems;

namespace Party.Branches.Application;

/// <summary>The subsidy ledger (补贴台账): reading it, the county's approval of a year, the finance bureau's payment confirmation.</summary>
public static class SubsidyLedger
{
    private static IQueryable<SubsidyResponse> Query(BranchesDbContext db, string prefix, int? year, SubsidyStatus? status, Guid? id = null)
    {
        var query = db.Subsidies.AsNoTracking().Where(s => s.OrgPath.StartsWith(prefix));
        if (id is not null) query = query.Where(s => s.Id == id);
        if (year is not null) query = query.Where(s => s.Year == year);
        if (status is not null) query = query.Where(s => s.Status == status);
        return query.Join(db.OrgUnits, s => s.BranchId, u => u.Id, (s, u) => new { s, u })
            .OrderBy(x => x.s.Year).ThenBy(x => x.s.OrgPath)
            .Select(x => new SubsidyResponse(x.s.Id, x.s.BranchId, x.u.Code, x.u.Name, x.s.Year, x.s.Stars, x.s.Amount,
                x.s.SecretaryShare, x.s.Status, x.s.ApprovedAt, x.s.PaidOn, x.s.PaymentReference));
    }

    public static async Task<Page<SubsidyResponse>> ListAsync(BranchesServices services, int? year, string? status, int? page,
        int? pageSize, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        var query = Query(services.Db, prefix, year, QueryEnums.Parse<SubsidyStatus>(status, "status"));
        return await query.ToPageAsync(paging, ct);
    }

    /// <summary>The rows of a year for the finance bureau's sheet; by default those approved and not yet paid.</summary>
    public static async Task<List<SubsidyResponse>> ExportRowsAsync(BranchesServices services, int? year, string? status,
        CancellationToken ct)
    {
        new Validator().Check(year is not null, "year", "请指定导出年度。").ThrowIfInvalid();
        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        var statusFilter = QueryEnums.Parse<SubsidyStatus>(status, "status") ?? SubsidyStatus.Approved;
        return await Query(services.Db, prefix, year, statusFilter).ToListAsync(ct);
    }

    public static async Task<SubsidyResponse> GetAsync(BranchesServices services, Guid id, CancellationToken ct)
    {
        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        return await Query(services.Db, prefix, null, null, id).FirstOrDefaultAsync(ct) ?? throw DomainException.NotFound("subsidies");
    }

    public static async Task<ApproveSubsidiesResult> ApproveAsync(BranchesServices services, ApproveSubsidiesRequest request,
        CancellationToken ct)
    {
        var (db, scope, http, clock) = services;
        new Validator().Check(request.Year is >= 2000 and <= 2100, "year", "请指定审批年度。").ThrowIfInvalid();
        var county = await Lookups.CallerCountyAsync(db, scope, ct);
        var now = clock.GetUtcNow();
        var (actor, actorName) = (http.User.Actor(), http.User.ActorName());
        var like = Sql.Like(county.Path);
        await using var tx = await db.Database.BeginOrJoinTransactionAsync(ct);
        var (approved, total) = (await db.QueryAsync($"""
            WITH ok AS (
                UPDATE subsidy_entries s SET status = 'Approved', approved_at = {now}, approved_by = {actor}
                WHERE s.year = {request.Year} AND s.status = 'Pending' AND s.org_path LIKE {like}
                RETURNING s.id, s.org_path, s.amount
            ), aud AS (
                INSERT INTO audit_entries (at, actor, actor_name, entity, entity_id, action, "from", "to", reason, org_path)
                SELECT {now}, {actor}, {actorName}, 'subsidy', ok.id::text, 'approved', 'Pending', 'Approved ' || ok.amount, NULL,
                       ok.org_path
                FROM ok
                RETURNING id
            )
            SELECT (SELECT count(*) FROM ok)::int, (SELECT coalesce(sum(amount), 0) FROM ok)
            """, r => (r.GetInt32(0), r.GetDecimal(1)), ct)).Single();
        // The finance bureau's webhook (subsidies.approved) is driven by this event, committed with the approval.
        if (approved > 0)
        {
            db.AddEvent(new SubsidiesApproved
            {
                CountyId = county.Id, Year = request.Year!.Value, Entries = approved, Total = total, OccurredAt = now,
            }, now);
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        return new ApproveSubsidiesResult(approved);
    }

    /// <summary>The finance bureau's confirmation, in either request shape (<paramref name="referenceField"/> names its field).</summary>
    public static async Task<SubsidyResponse> ConfirmAsync(BranchesServices services, Guid id, string? reference, string referenceField,
        DateOnly? paidOn, CancellationToken ct)
    {
        var (db, scope, http, clock) = services;
        var today = clock.Today();
        new Validator()
            .Check(!string.IsNullOrWhiteSpace(reference) && reference.Trim().Length <= 100, referenceField, "请填写支付凭证号（最多 100 字符）。")
            .Check(paidOn is not null && paidOn <= today, "paidOn", "请填写支付日期，且不能晚于今天。")
            .ThrowIfInvalid();
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var row = await db.Subsidies.FirstOrDefaultAsync(s => s.Id == id && s.OrgPath.StartsWith(prefix), ct)
            ?? throw DomainException.NotFound("subsidies");
        db.ApplyIfMatch(row, http.Request);
        var now = clock.GetUtcNow();
        if (row.ConfirmPayment(reference!.Trim(), paidOn!.Value, http.User.Actor(), now))
        {
            db.Audit(http.User, now, "subsidy", row.Id, row.OrgPath, "paid", SubsidyStatus.Approved.ToString(), $"Paid {row.Amount}",
                row.PaymentReference);
            await db.SaveChangesAsync(ct);
        }
        return await GetAsync(services, id, ct);
    }
}
