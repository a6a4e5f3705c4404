using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Party.Common;
using Party.Members.Application;
using Party.Members.Consumers;
using Party.Members.Data;
using Party.Members.Domain.Pledges;
using Party.Members.Domain.Points;
using Party.Persistence;
using Party.Persistence.Audit;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Idempotency;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.Members.Apis;

/// <summary>
/// <c>areas</c>: codes from <c>GET /api/members/pledges/areas</c> (e.g. <c>RuralCommunity-1</c>); the names are accepted too.
/// </summary>
public sealed record DraftPledgeRequest(Guid? MemberId, [ValuesFrom("ListPledgeAreas", "code")] List<string>? Areas,
    [FreeText] string? Content, int? Year = null);
public sealed record PledgeCheck(bool? Passed, [FreeText] string? Comment);
public sealed record ReviewPledgeRequest(PledgeCheck? ServesAgenda, PledgeCheck? MeetsVanguardStandard, PledgeCheck? FitsPost,
    PledgeCheck? MatchesExpectations,
    PledgeCheck? LeadersPledge);
public sealed record PledgeReportRequest(int? Quarter, [FreeText] string? Content);
public sealed record AcceptPledgeRequest(PledgeResult? Result, [FreeText] string? Comment);
public sealed record PledgeResponse(Pledge Pledge, IReadOnlyList<PledgeReview> Reviews, IReadOnlyList<PledgeReport> Reports);

/// <summary>
/// Pledges (承诺践诺, §3.4): draft → committee review with five checks → published → quarterly reports → year-end acceptance.
/// </summary>
public static class PledgesApi
{
    public static IEndpointRouteBuilder MapPledgesApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/members/pledges").WithTags("Pledges").RequireRole(ApiSupport.OfficeRoles);
        g.MapGet("/areas", Areas).WithName("ListPledgeAreas").WithSummary("各领域的承诺事项范围（定诺模板）。");
        g.MapPost("/", Draft).WithName("DraftPledge").WithSummary("定诺：党员按本领域模板拟定年度承诺。");
        g.MapGet("/{id:guid}", Get).WithName("GetPledge").WithSummary("查看承诺、审诺意见与践诺报告。");
        g.MapGet("/", List).WithName("ListPledges").WithSummary("分页列出承诺（可按党员、支部、年度、状态筛选；format=xlsx 导出）。");
        g.MapPost("/{id:guid}/submit", Submit).WithName("SubmitPledge").WithSummary("提交支委会审诺。");
        g.MapPost("/{id:guid}/review", Review).WithName("ReviewPledge").WithSummary("审诺：五项审查逐项是否通过并附意见；全部通过即示诺，否则退回修改。");
        g.MapPost("/{id:guid}/reports", Report).WithName("ReportPledge").WithSummary("践诺：每季度报告兑现情况。");
        g.MapPost("/{id:guid}/accept", Accept).WithName("AcceptPledge").WithSummary("评诺：年末验收（兑现/部分兑现/未兑现），并生成待审核的积分登记。");
        return app;
    }

    private static async Task<Ok<List<PledgeArea>>> Areas([QueryEnum(typeof(TemplateDomain))] string? domain,
        [AsParameters] MembersServices services, CancellationToken ct)
    {
        var q = services.Db.Set<PledgeArea>().AsNoTracking();
        if (QueryEnums.Parse<TemplateDomain>(domain, "domain") is { } d) q = q.Where(a => a.Domain == d);
        return TypedResults.Ok(await q.OrderBy(a => a.Id).ToListAsync(ct));
    }

    private static async Task<Created<PledgeResponse>> Draft(DraftPledgeRequest r, [AsParameters] MembersServices services,
        CancellationToken ct)
    {
        var created = await PledgeSteps.DraftAsync(services, r, ct);
        return TypedResults.Created($"/api/members/pledges/{created.Pledge.Id}", created);
    }

    private static async Task<Ok<PledgeResponse>> Get(Guid id, [AsParameters] MembersServices services, CancellationToken ct) =>
        TypedResults.Ok(await PledgeSteps.ResponseAsync(services.Db, await PledgeSteps.FindAsync(services.Db, services.Scope, id, ct), ct));

    private static async Task<Results<Ok<Page<Pledge>>, FileContentHttpResult>> List(Guid? memberId, Guid? branchId, int? year,
        [QueryEnum(typeof(PledgeStatus))] string? status, string? format, int? page, int? pageSize, [AsParameters] MembersServices services,
        CancellationToken ct)
    {
        var xlsx = string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase);
        var paging = xlsx ? new PageRequest(0, 100_000, 1, 100_000) : Paging.Resolve(page, pageSize);
        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        var q = services.Db.Set<Pledge>().AsNoTracking().Where(x => x.OrgPath.StartsWith(prefix));
        if (memberId is not null) q = q.Where(x => x.MemberId == memberId);
        if (branchId is not null) q = q.Where(x => x.BranchId == branchId);
        if (year is not null) q = q.Where(x => x.Year == year);
        if (QueryEnums.Parse<PledgeStatus>(status, "status") is { } st) q = q.Where(x => x.Status == st);
        if (xlsx) return await SheetAsync(services, q, paging.Take, ct);
        return TypedResults.Ok(await q.OrderBy(x => x.Year).ThenBy(x => x.CreatedAt).ToPageAsync(paging, ct));
    }

    /// <summary>A clerk's sheet of the list's filter: member and branch by name, areas and states in the words of the screens.</summary>
    private static async Task<FileContentHttpResult> SheetAsync(MembersServices services, IQueryable<Pledge> pledges, int take,
        CancellationToken ct)
    {
        var rows = await pledges.WithNames(services.Db).OrderBy(n => n.Row.Year).ThenBy(n => n.Row.CreatedAt).Take(take).ToListAsync(ct);
        var areaNames = (await services.Db.Set<PledgeArea>().AsNoTracking().Select(a => new { a.Code, a.Name }).ToListAsync(ct))
            .DistinctBy(a => a.Code).ToDictionary(a => a.Code, a => a.Name);
        var sheet = rows.Select(r => new
        {
            年度 = r.Row.Year, 支部 = r.BranchName, 党员 = r.MemberName,
            承诺事项范围 = string.Join("、", r.Row.Areas.Select(code => areaNames.GetValueOrDefault(code, code))),
            承诺内容 = r.Row.Content, 状态 = PledgeNames.StatusName(r.Row.Status), 示诺日期 = r.Row.PublishedOn?.ToString("yyyy-MM-dd"),
            评诺结果 = r.Row.Result is { } result ? PledgeNames.ResultName(result) : null, 评诺意见 = r.Row.ResultComment,
            评诺日期 = r.Row.AcceptedOn?.ToString("yyyy-MM-dd"),
        });
        return await Spreadsheets.FileAsync(sheet, "pledges.xlsx", ct);
    }

    private static async Task<Ok<PledgeResponse>> Submit(Guid id, [AsParameters] MembersServices services, CancellationToken ct) =>
        TypedResults.Ok(await PledgeSteps.SubmitAsync(services, id, ct));

    private static async Task<Ok<PledgeResponse>> Review(Guid id, ReviewPledgeRequest r, [AsParameters] MembersServices services,
        CancellationToken ct) =>
        TypedResults.Ok(await PledgeSteps.ReviewAsync(services, id, r, ct));

    private static async Task<Created<PledgeReport>> Report(Guid id, PledgeReportRequest r, [AsParameters] MembersServices services,
        CancellationToken ct)
    {
        var created = await PledgeSteps.ReportAsync(services, id, r, ct);
        return TypedResults.Created($"/api/members/pledges/{created.PledgeId}", created);
    }

    private static async Task<Ok<PledgeResponse>> Accept(Guid id, AcceptPledgeRequest r, [AsParameters] MembersServices services,
        CancellationToken ct) =>
        TypedResults.Ok(await PledgeSteps.AcceptAsync(services, id, r, ct));
}
