using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Party.Common;
using Party.Members.Application;
using Party.Members.Data;
using Party.Members.Domain.Members;
using Party.Members.Domain.Training;
using Party.Persistence;
using Party.Persistence.Audit;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.Members.Apis;

public sealed record RecordTrainingRequest(List<Guid>? MemberIds, string? Kind, decimal? Hours, DateOnly? TrainedOn, string? Organizer);
public sealed record TrainingSessionResponse(Guid SessionId, int Recorded);
public sealed record UntrainedMember(Guid MemberId, string Name, Guid BranchId, string Stage);
public sealed record BranchCoverage(Guid BranchId, long Members, long Trained, decimal CoveragePercent);
public sealed record CoverageReport(int Year, long Members, long Trained, decimal CoveragePercent, IReadOnlyList<BranchCoverage> Branches,
    Page<UntrainedMember> Untrained);

/// <summary>Training (轮训, §3.7): records per session, and the yearly coverage report of who was not trained.</summary>
public static class TrainingApi
{
    public static IEndpointRouteBuilder MapTrainingApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/members/training").WithTags("Training").RequireRole(ApiSupport.OfficeRoles);
        g.MapPost("/", Record).WithName("RecordTraining").WithSummary("登记一次培训（一次录入全部参训党员）。");
        g.MapGet("/", List).Produces<Page<TrainingRecord>>().WithName("ListTraining").WithSummary("分页列出培训记录（format=xlsx 导出）。");
        g.MapGet("/coverage", Coverage).Produces<CoverageReport>()
            .WithName("TrainingCoverage").WithSummary("年度轮训覆盖：各支部覆盖率及未参训党员名单（format=xlsx 导出名单）。");
        return app;
    }

    private static readonly MemberStage[] Trainable = [MemberStage.Probationary, MemberStage.Full];
    private static readonly MemberStatus[] OnBooks = [MemberStatus.Active, MemberStatus.Mobile, MemberStatus.LostContact];

    private static async Task<Created<TrainingSessionResponse>> Record(RecordTrainingRequest r, [AsParameters] MembersServices services,
        CancellationToken ct)
    {
        var created = await TrainingRecords.RecordAsync(services, r, ct);
        return TypedResults.Created($"/api/members/training?sessionId={created.SessionId}", created);
    }

    private static async Task<IResult> List(Guid? memberId, Guid? branchId, Guid? sessionId, int? year, string? format, int? page,
        int? pageSize, [AsParameters] MembersServices services, CancellationToken ct)
    {
        var xlsx = string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase);
        var paging = xlsx ? new PageRequest(0, 100_000, 1, 100_000) : Paging.Resolve(page, pageSize);
        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        var q = services.Db.Set<TrainingRecord>().AsNoTracking().Where(t => t.OrgPath.StartsWith(prefix));
        if (memberId is not null) q = q.Where(t => t.MemberId == memberId);
        if (branchId is not null) q = q.Where(t => t.BranchId == branchId);
        if (sessionId is not null) q = q.Where(t => t.SessionId == sessionId);
        if (year is not null) q = q.Where(t => t.TrainedOn.Year == year);
        var ordered = q.OrderBy(t => t.TrainedOn).ThenBy(t => t.Id);
        if (xlsx)
            return await Spreadsheets.FileAsync((await q.WithNames(services.Db).OrderBy(n => n.Row.TrainedOn).ThenBy(n => n.Row.Id)
                    .Take(paging.Take).ToListAsync(ct))
                .Select(n => new
                {
                    支部 = n.BranchName, 党员 = n.MemberName, 类别 = n.Row.Kind, 学时 = n.Row.Hours, 日期 = n.Row.TrainedOn,
                    主办单位 = n.Row.Organizer,
                }),
                "training.xlsx", ct);
        return TypedResults.Ok(await ordered.ToPageAsync(paging, ct));
    }

    /// <summary>Set-based: members on the books (probationary and full) with no training record in the year, by branch.</summary>
    private static async Task<IResult> Coverage(int? year, Guid? branchId, string? format, int? page, int? pageSize,
        [AsParameters] MembersServices services, CancellationToken ct)
    {
        var xlsx = string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase);
        var paging = xlsx ? new PageRequest(0, 100_000, 1, 100_000) : Paging.Resolve(page, pageSize);
        var y = year ?? services.Clock.Today().Year;
        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        if (branchId is { } b) prefix = (await MemberLookup.UnitInScopeAsync(services.Db, services.Scope, b, ct)).Path;
        var from = new DateOnly(y, 1, 1);
        var to = new DateOnly(y, 12, 31);
        var members = services.Db.Set<Member>().AsNoTracking().Where(m => m.OrgPath.StartsWith(prefix) && Trainable.Contains(m.Stage)
            && OnBooks.Contains(m.Status));
        var trainedIds = services.Db.Set<TrainingRecord>().AsNoTracking().Where(t => t.TrainedOn >= from && t.TrainedOn <= to)
            .Select(t => t.MemberId);
        var untrained = members.Where(m => !trainedIds.Contains(m.Id));
        var ordered = untrained.OrderBy(m => m.OrgPath).ThenBy(m => m.Name).ThenBy(m => m.Id);
        if (xlsx)
        {
            var rows = await ordered.Take(paging.Take).Select(m => new { 姓名 = m.Name, 支部 = m.BranchId, 阶段 = m.Stage.ToString() })
                .ToListAsync(ct);
            return await Spreadsheets.FileAsync(rows, $"untrained-{y}.xlsx", ct);
        }
        var branches = await members.GroupBy(m => m.BranchId)
            .Select(g => new { BranchId = g.Key, Members = g.LongCount(), Trained = g.LongCount(m => trainedIds.Contains(m.Id)) })
            .OrderBy(x => x.BranchId).Take(Paging.MaxPageSize).ToListAsync(ct);
        var total = branches.Sum(x => x.Members);
        var trained = branches.Sum(x => x.Trained);
        var untrainedPage = await ordered.Select(m => new UntrainedMember(m.Id, m.Name, m.BranchId, m.Stage.ToString()))
            .ToPageAsync(paging, ct);
        return TypedResults.Ok(new CoverageReport(y, total, trained, TrainingRules.CoveragePercent(trained, total),
            branches.Select(x => new BranchCoverage(x.BranchId, x.Members, x.Trained, TrainingRules.CoveragePercent(x.Trained, x.Members)))
            .ToList(),
            untrainedPage));
    }
}
