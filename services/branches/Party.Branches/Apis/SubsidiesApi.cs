using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Party.Branches.Data;
using Party.Branches.Domain.Subsidies;
using Party.Contracts.Branches;
using Party.Messaging;
using Party.Messaging.Audit;
using Party.ServiceDefaults.Idempotency;
using Party.ServiceDefaults;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.Branches.Apis;

public sealed record ApproveSubsidiesRequest(int? Year);
public sealed record ConfirmPaymentRequest(string? PaymentReference, DateOnly? PaidOn);
/// <summary>The payment confirmation as the finance bureau sends it for stipend statements too (<c>reference</c>).</summary>
public sealed record ConfirmSubsidyRequest(string? Reference, DateOnly? PaidOn);
public sealed record SubsidyResponse(Guid Id, Guid BranchId, string BranchCode, string BranchName, int Year, int Stars, decimal Amount, decimal SecretaryShare,
    SubsidyStatus Status, DateTimeOffset? ApprovedAt, DateOnly? PaidOn, string? PaymentReference);
public sealed record ApproveSubsidiesResult(int Approved);

/// <summary>Subsidy ledger (补贴台账): rows come from final star ratings; the county approves, the finance bureau pays and confirms.</summary>
public static class SubsidiesApi
{
    public const string FinanceScope = "finance.payments";

    public static IEndpointRouteBuilder MapSubsidiesApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/branches/subsidies").WithTags("Subsidies");
        g.MapGet("/", List).WithName("ListSubsidies").WithSummary("分页列出管辖范围内的补贴台账（可按年度、状态筛选）。");
        g.MapGet("/export.xlsx", Export).WithName("ExportSubsidies").WithSummary("补贴台账导出为 Excel（供财政局拨付；默认导出已审批未支付的行）。");
        g.MapGet("/{id:guid}", Get).WithName("GetSubsidy").WithSummary("查看一条补贴。");
        g.MapPost("/approve", Approve).RequireRole(PartyRoles.County).WithName("ApproveSubsidies").WithSummary("县委组织部审批某年度全部待审批补贴。");
        g.MapPost("/{id:guid}/confirm", Confirm).RequireScope(FinanceScope).WithNaturalKey("id")
            .WithName("ConfirmSubsidy").WithSummary("财政局确认村级补贴已支付（支持 Idempotency-Key；重复确认只支付一次，已支付记录不可更改）。")
            .WithExamples(new ConfirmSubsidyRequest("CZ-2027-000318", new DateOnly(2027, 1, 15)), ExampleSubsidy);
        // The first shape of the confirmation, before it was aligned with the stipend statements' (payments/{id}/confirm,
        // "reference"): the finance bureau confirms both kinds of payment with one request shape.
        g.MapPost("/{id:guid}/payment", ConfirmPayment).RequireScope(FinanceScope).WithNaturalKey("id")
            .WithName("ConfirmSubsidyPayment").WithSummary("财政局确认已支付（已弃用，请改用 POST /api/branches/subsidies/{id}/confirm）。")
            .Deprecated(on: "2026-12-01", sunset: "2027-06-30", successor: "/api/branches/subsidies/{id}/confirm");
        return app;
    }

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

    private static async Task<Ok<Page<SubsidyResponse>>> List(int? year, [QueryEnum(typeof(SubsidyStatus))] string? status, int? page, int? pageSize, BranchesDbContext db, OrgScope scope, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var query = Query(db, prefix, year, QueryEnums.Parse<SubsidyStatus>(status, "status"));
        return TypedResults.Ok(await query.ToPageAsync(paging, ct));
    }

    private static async Task<FileContentHttpResult> Export(int? year, [QueryEnum(typeof(SubsidyStatus))] string? status, BranchesDbContext db, OrgScope scope, CancellationToken ct)
    {
        new Validator().Check(year is not null, "year", "请指定导出年度。").ThrowIfInvalid();
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var rows = await Query(db, prefix, year, QueryEnums.Parse<SubsidyStatus>(status, "status") ?? SubsidyStatus.Approved).ToListAsync(ct);
        var sheet = rows.Select(r => new Dictionary<string, object?>
        {
            ["编号"] = r.Id.ToString(), ["组织代码"] = r.BranchCode, ["党组织"] = r.BranchName, ["年度"] = r.Year, ["星级"] = r.Stars,
            ["金额(元)"] = r.Amount, ["其中书记奖励(元)"] = r.SecretaryShare, ["状态"] = r.Status.ToString(),
            ["支付日期"] = r.PaidOn?.ToString("yyyy-MM-dd"), ["支付凭证号"] = r.PaymentReference,
        }).ToList();
        return await Spreadsheets.FileAsync(sheet, $"subsidies-{year}.xlsx", ct, "补贴台账");
    }

    private static async Task<Ok<SubsidyResponse>> Get(Guid id, BranchesDbContext db, OrgScope scope, HttpContext http, CancellationToken ct)
    {
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var row = await Query(db, prefix, null, null, id).FirstOrDefaultAsync(ct) ?? throw DomainException.NotFound("subsidies");
        return TypedResults.Ok(row);
    }

    private static async Task<Ok<ApproveSubsidiesResult>> Approve(ApproveSubsidiesRequest request, BranchesDbContext db, OrgScope scope, HttpContext http,
        TimeProvider clock, CancellationToken ct)
    {
        new Validator().Check(request.Year is >= 2000 and <= 2100, "year", "请指定审批年度。").ThrowIfInvalid();
        var county = await ApiSupport.CallerCountyAsync(db, scope, ct);
        var now = clock.GetUtcNow();
        var (actor, actorName) = (http.User.Actor(), http.User.ActorName());
        var like = ApiSupport.Like(county.Path);
        await using var tx = await db.Database.BeginOrJoinTransactionAsync(ct);
        var (approved, total) = (await db.QueryAsync($"""
            WITH ok AS (
                UPDATE subsidy_entries s SET status = 'Approved', approved_at = {now}, approved_by = {actor}
                WHERE s.year = {request.Year} AND s.status = 'Pending' AND s.org_path LIKE {like}
                RETURNING s.id, s.org_path, s.amount
            ), aud AS (
                INSERT INTO audit_entries (at, actor, actor_name, entity, entity_id, action, "from", "to", reason, org_path)
                SELECT {now}, {actor}, {actorName}, 'subsidy', ok.id::text, 'approved', 'Pending', 'Approved ' || ok.amount, NULL, ok.org_path FROM ok
                RETURNING id
            )
            SELECT (SELECT count(*) FROM ok)::int, (SELECT coalesce(sum(amount), 0) FROM ok)
            """, r => (r.GetInt32(0), r.GetDecimal(1)), ct)).Single();
        // The finance bureau's webhook (subsidies.approved) is driven by this event, committed with the approval.
        if (approved > 0)
        {
            db.AddEvent(new SubsidiesApproved { CountyId = county.Id, Year = request.Year!.Value, Entries = approved, Total = total, OccurredAt = now }, now);
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        return TypedResults.Ok(new ApproveSubsidiesResult(approved));
    }

    private static readonly SubsidyResponse ExampleSubsidy = new(Guid.Parse("3f6c2a1e-8b7d-4c52-9a0e-5d1f2b3c4a60"), Guid.Parse("0b9e4d2c-1a3f-4e5b-8c7d-6f5e4d3c2b1a"),
        "ZZB-07-031", "城关镇东关村党支部", 2026, 4, 8000m, 2000m, SubsidyStatus.Paid, new DateTimeOffset(2027, 1, 8, 9, 0, 0, TimeSpan.FromHours(8)),
        new DateOnly(2027, 1, 15), "CZ-2027-000318");

    private static Task<Ok<SubsidyResponse>> Confirm(Guid id, ConfirmSubsidyRequest request, BranchesDbContext db, OrgScope scope,
        HttpContext http, TimeProvider clock, CancellationToken ct) =>
        ConfirmAsync(id, request.Reference, "reference", request.PaidOn, db, scope, http, clock, ct);

    private static Task<Ok<SubsidyResponse>> ConfirmPayment(Guid id, ConfirmPaymentRequest request, BranchesDbContext db, OrgScope scope,
        HttpContext http, TimeProvider clock, CancellationToken ct) =>
        ConfirmAsync(id, request.PaymentReference, "paymentReference", request.PaidOn, db, scope, http, clock, ct);

    private static async Task<Ok<SubsidyResponse>> ConfirmAsync(Guid id, string? reference, string referenceField, DateOnly? paidOn, BranchesDbContext db,
        OrgScope scope, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var today = clock.Today();
        new Validator()
            .Check(!string.IsNullOrWhiteSpace(reference) && reference.Trim().Length <= 100, referenceField, "请填写支付凭证号（最多 100 字符）。")
            .Check(paidOn is not null && paidOn <= today, "paidOn", "请填写支付日期，且不能晚于今天。")
            .ThrowIfInvalid();
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var row = await db.Subsidies.FirstOrDefaultAsync(s => s.Id == id && s.OrgPath.StartsWith(prefix), ct) ?? throw DomainException.NotFound("subsidies");
        db.ApplyIfMatch(row, http.Request);
        var now = clock.GetUtcNow();
        if (row.ConfirmPayment(reference!.Trim(), paidOn!.Value, http.User.Actor(), now))
        {
            db.Audit(http.User, now, "subsidy", row.Id, row.OrgPath, "paid", SubsidyStatus.Approved.ToString(), $"Paid {row.Amount}", row.PaymentReference);
            await db.SaveChangesAsync(ct);
        }
        return await Get(id, db, scope, http, ct);
    }
}
