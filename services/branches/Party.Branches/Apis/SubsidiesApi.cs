using Microsoft.AspNetCore.Http.HttpResults;
using Party.Branches.Application;
using Party.Branches.Domain.Subsidies;
using Party.Common;
using Party.Persistence;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Idempotency;
using Party.ServiceDefaults.Problems;

namespace Party.Branches.Apis;

/// <summary>Subsidy ledger (补贴台账): rows come from final star ratings; the county approves, the finance bureau pays and confirms.</summary>
public static class SubsidiesApi
{
    public const string FinanceScope = "finance.payments";

    public static IEndpointRouteBuilder MapSubsidiesApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/branches/subsidies").WithTags("Subsidies");
        g.MapGet("/", List).WithName("ListSubsidies").WithSummary("分页列出管辖范围内的补贴台账（可按年度、状态筛选）。");
        g.MapGet("/export.xlsx", Export).ProducesSheet().WithName("ExportSubsidies")
            .WithSummary("补贴台账导出为 Excel（供财政局拨付；默认导出已审批未支付的行）。");
        g.MapGet("/{id:guid}", Get).WithName("GetSubsidy").WithSummary("查看一条补贴。");
        g.MapPost("/approve", Approve).RequireRole(PartyRoles.County).WithName("ApproveSubsidies")
            .WithSummary("县委组织部审批某年度全部待审批补贴。");
        g.MapPost("/{id:guid}/confirm", Confirm).RequireScope(FinanceScope).WithNaturalKey("id")
            .WithName("ConfirmSubsidy")
            .WithSummary("财政局确认村级补贴已支付（支持 Idempotency-Key；重复确认只支付一次，已支付记录不可更改）。")
            .WithExamples(new ConfirmSubsidyRequest("CZ-2027-000318", new DateOnly(2027, 1, 15)), ExampleSubsidy);
        // The first shape of the confirmation, before it was aligned with the stipend statements' (payments/{id}/confirm,
        // "reference"): the finance bureau confirms both kinds of payment with one request shape.
        g.MapPost("/{id:guid}/payment", ConfirmPayment).RequireScope(FinanceScope).WithNaturalKey("id")
            .WithName("ConfirmSubsidyPayment").WithSummary("财政局确认已支付（已弃用，请改用 POST /api/branches/subsidies/{id}/confirm）。")
            .Deprecated(on: "2026-12-01", sunset: "2027-06-30", successor: "/api/branches/subsidies/{id}/confirm");
        return app;
    }

    private static async Task<Ok<Page<SubsidyResponse>>> List(int? year, [QueryEnum(typeof(SubsidyStatus))] string? status, int? page,
        int? pageSize, [AsParameters] BranchesServices services, CancellationToken ct) =>
        TypedResults.Ok(await SubsidyLedger.ListAsync(services, year, status, page, pageSize, ct));

    private static async Task<FileContentHttpResult> Export(int? year, [QueryEnum(typeof(SubsidyStatus))] string? status,
        [AsParameters] BranchesServices services, CancellationToken ct)
    {
        var rows = await SubsidyLedger.ExportRowsAsync(services, year, status, ct);
        var sheet = rows.Select(r => new Dictionary<string, object?>
        {
            ["编号"] = r.Id.ToString(), ["组织代码"] = r.BranchCode, ["党组织"] = r.BranchName, ["年度"] = r.Year, ["星级"] = r.Stars,
            ["金额(元)"] = r.Amount, ["其中书记奖励(元)"] = r.SecretaryShare, ["状态"] = r.Status.ToString(),
            ["支付日期"] = r.PaidOn?.ToString("yyyy-MM-dd"), ["支付凭证号"] = r.PaymentReference,
        }).ToList();
        return await Spreadsheets.FileAsync(sheet, $"subsidies-{year}.xlsx", ct, "补贴台账");
    }

    private static async Task<Ok<SubsidyResponse>> Get(Guid id, [AsParameters] BranchesServices services, CancellationToken ct) =>
        TypedResults.Ok(await SubsidyLedger.GetAsync(services, id, ct));

    private static async Task<Ok<ApproveSubsidiesResult>> Approve(ApproveSubsidiesRequest request, [AsParameters] BranchesServices services,
        CancellationToken ct) =>
        TypedResults.Ok(await SubsidyLedger.ApproveAsync(services, request, ct));

    private static readonly SubsidyResponse ExampleSubsidy = new(Guid.Parse("3f6c2a1e-8b7d-4c52-9a0e-5d1f2b3c4a60"),
        Guid.Parse("0b9e4d2c-1a3f-4e5b-8c7d-6f5e4d3c2b1a"), "ZZB-07-031", "城关镇东关村党支部", 2026, 4, 8000m, 2000m, SubsidyStatus.Paid,
        new DateTimeOffset(2027, 1, 8, 9, 0, 0, TimeSpan.FromHours(8)), new DateOnly(2027, 1, 15), "CZ-2027-000318");

    private static async Task<Ok<SubsidyResponse>> Confirm(Guid id, ConfirmSubsidyRequest request, [AsParameters] BranchesServices services,
        CancellationToken ct) =>
        TypedResults.Ok(await SubsidyLedger.ConfirmAsync(services, id, request.Reference, "reference", request.PaidOn, ct));

    private static async Task<Ok<SubsidyResponse>> ConfirmPayment(Guid id, ConfirmPaymentRequest request,
        [AsParameters] BranchesServices services, CancellationToken ct) =>
        TypedResults.Ok(await SubsidyLedger.ConfirmAsync(services, id, request.PaymentReference, "paymentReference", request.PaidOn, ct));
}
