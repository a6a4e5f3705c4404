using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Party.Common;
using Party.Members.Application;
using Party.Members.Data;
using Party.Members.Domain.Points;
using Party.Members.Jobs;
using Party.Persistence;
using Party.Persistence.Audit;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.Members.Apis;

/// <summary>Close one branch (<c>branchId</c>), or every branch under a township or the county (<c>unitId</c>) in one batch.</summary>
public sealed record CloseYearRequest(int? Year, Guid? BranchId = null, Guid? UnitId = null);
public sealed record CompleteFollowUpRequest([FreeText] string? Outcome);

/// <summary>Year-end close (年底综合评定) per branch, the assessments, and the follow-ups of "use of the grade" (结果运用).</summary>
public static class PointsYearEndApi
{
    public static IEndpointRouteBuilder MapPointsYearEndApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/members/points").WithTags("Points").RequireRole(ApiSupport.OfficeRoles);
        g.MapPost("/year-closes", Close).WithName("ClosePointsYear")
            .WithSummary("支部年底综合评定：计算年度积分、评定等次（含优秀比例上限）、按支部发布 BranchAnnualAssessmentsPublished 并生成结果运用任务。");
        g.MapGet("/assessments", Assessments).Produces<Page<AnnualAssessment>>()
            .WithName("ListAnnualAssessments").WithSummary("年度评定结果（按支部/年度/等次筛选；format=xlsx 导出报上级）。");
        g.MapGet("/follow-ups", FollowUps).WithName("ListPointsFollowUps").WithSummary("结果运用任务：谈话帮扶、组织处置、延长预备期、积分活动分子优先/取消。");
        g.MapPost("/follow-ups/{id:guid}/complete", Complete).WithName("CompletePointsFollowUp").WithSummary("登记结果运用任务的办理结果。");
        return app;
    }

    private static async Task<Ok<CloseSummary>> Close(CloseYearRequest r, IServiceScopeFactory scopes,
        [AsParameters] MembersServices services, CancellationToken ct) =>
        TypedResults.Ok(await YearEndAssessments.CloseAsync(services, r, scopes, ct));

    private static async Task<IResult> Assessments(Guid? branchId, int? year, [QueryEnum(typeof(Grade))] string? grade, string? format,
        int? page, int? pageSize, [AsParameters] MembersServices services, CancellationToken ct)
    {
        var xlsx = string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase);
        var paging = xlsx ? new PageRequest(0, 100_000, 1, 100_000) : Paging.Resolve(page, pageSize);
        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        var q = services.Db.Set<AnnualAssessment>().AsNoTracking().Where(a => a.OrgPath.StartsWith(prefix));
        if (branchId is not null) q = q.Where(a => a.BranchId == branchId);
        if (year is not null) q = q.Where(a => a.Year == year);
        if (QueryEnums.Parse<Grade>(grade, "grade") is { } g) q = q.Where(a => a.Grade == g);
        var ordered = q.OrderBy(a => a.Year).ThenBy(a => a.BranchId).ThenByDescending(a => a.Score).ThenBy(a => a.MemberName);
        if (xlsx)
        {
            var rows = (await ordered.Take(paging.Take).ToListAsync(ct)).Select(a => new
            {
                年度 = a.Year, 姓名 = a.MemberName, 阶段 = a.Stage, 基础积分 = a.BaseScore, 贡献加分 = a.Contribution, 违规扣分 = a.Deduction,
                一票否决 = a.Vetoed ? "是" : "否", 年度积分 = a.Score, 等次 = PointsNames.GradeName(a.Grade), 优秀比例调整 = a.ExcellentCapped ? "是" : "",
            });
            return await Spreadsheets.FileAsync(rows, "annual-assessments.xlsx", ct);
        }
        return TypedResults.Ok(await ordered.ToPageAsync(paging, ct));
    }

    private static async Task<Ok<Page<FollowUpTask>>> FollowUps(Guid? branchId, Guid? memberId, int? year,
        [QueryEnum(typeof(FollowUpKind))] string? kind, [QueryEnum(typeof(FollowUpStatus))] string? status, int? page, int? pageSize,
        [AsParameters] MembersServices services, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        var q = services.Db.Set<FollowUpTask>().AsNoTracking().Where(f => f.OrgPath.StartsWith(prefix));
        if (branchId is not null) q = q.Where(f => f.BranchId == branchId);
        if (memberId is not null) q = q.Where(f => f.MemberId == memberId);
        if (year is not null) q = q.Where(f => f.Year == year);
        if (QueryEnums.Parse<FollowUpKind>(kind, "kind") is { } k) q = q.Where(f => f.Kind == k);
        if (QueryEnums.Parse<FollowUpStatus>(status, "status") is { } st) q = q.Where(f => f.Status == st);
        return TypedResults.Ok(await q.OrderBy(f => f.CreatedAt).ThenBy(f => f.Id).ToPageAsync(paging, ct));
    }

    private static async Task<Ok<FollowUpTask>> Complete(Guid id, CompleteFollowUpRequest r, [AsParameters] MembersServices services,
        CancellationToken ct) =>
        TypedResults.Ok(await YearEndAssessments.CompleteAsync(services, id, r, ct));
}
