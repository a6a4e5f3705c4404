using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Party.Members.Application;
using Party.Members.Data;
using Party.Members.Domain.Members;
using Party.Members.Domain.Training;
using Party.Messaging.Audit;
using Party.ServiceDefaults;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.Members.Apis;

public sealed record RecordTrainingRequest(List<Guid>? MemberIds, string? Kind, decimal? Hours, DateOnly? TrainedOn, string? Organizer);
public sealed record TrainingSessionResponse(Guid SessionId, int Recorded);
public sealed record UntrainedMember(Guid MemberId, string Name, Guid BranchId, string Stage);
public sealed record BranchCoverage(Guid BranchId, long Members, long Trained, decimal CoveragePercent);
public sealed record CoverageReport(int Year, long Members, long Trained, decimal CoveragePercent, IReadOnlyList<BranchCoverage> Branches, Page<UntrainedMember> Untrained);

/// <summary>Training (轮训, §3.7): records per session, and the yearly coverage report of who was not trained.</summary>
public static class TrainingApi
{
    public static IEndpointRouteBuilder MapTrainingApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/members/training").WithTags("Training").RequireRole(ApiSupport.OfficeRoles);
        g.MapPost("/", Record).WithName("RecordTraining").WithSummary("登记一次培训（一次录入全部参训党员）。");
        g.MapGet("/", List).WithName("ListTraining").WithSummary("分页列出培训记录（format=xlsx 导出）。");
        g.MapGet("/coverage", Coverage).WithName("TrainingCoverage").WithSummary("年度轮训覆盖：各支部覆盖率及未参训党员名单（format=xlsx 导出名单）。");
        return app;
    }

    private static readonly MemberStage[] Trainable = [MemberStage.Probationary, MemberStage.Full];
    private static readonly MemberStatus[] OnBooks = [MemberStatus.Active, MemberStatus.Mobile, MemberStatus.LostContact];

    private static async Task<Created<TrainingSessionResponse>> Record(RecordTrainingRequest r, MembersDbContext db, OrgScope scope, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var today = clock.Today();
        new Validator()
            .Check(r.MemberIds is { Count: > 0 and <= 2000 }, "memberIds", "请列出参训党员（1–2000 人）。")
            .Check(!string.IsNullOrWhiteSpace(r.Kind) && r.Kind.Length <= 50, "kind", "培训类别必填，最多 50 字。")
            .Check(r.Hours is { } h && TrainingRules.ValidHours(h), "hours", "学时须为 0.5–100，按半小时计。")
            .Check(r.TrainedOn is { } d && d <= today && d.Year >= today.Year - 1, "trainedOn", "培训日期须在去年以来且不晚于今天。")
            .Check(!string.IsNullOrWhiteSpace(r.Organizer) && r.Organizer.Length <= 200, "organizer", "主办单位必填，最多 200 字。")
            .ThrowIfInvalid();
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var ids = r.MemberIds!.Distinct().ToList();
        var members = await db.Set<Member>().AsNoTracking().Where(m => ids.Contains(m.Id) && m.OrgPath.StartsWith(prefix))
            .Select(m => new { m.Id, m.BranchId, m.OrgPath }).ToListAsync(ct);
        var unknown = ids.Except(members.Select(m => m.Id)).ToList();
        if (unknown.Count > 0)
            throw new DomainException("members.not_found", $"{unknown.Count} 名党员不存在或不在您的管辖范围内：{string.Join(", ", unknown.Take(10))}。", 404);
        var now = clock.GetUtcNow();
        var session = Guid.CreateVersion7();
        foreach (var m in members)
        {
            db.Add(new TrainingRecord
            {
                Id = Guid.CreateVersion7(), MemberId = m.Id, BranchId = m.BranchId, OrgPath = m.OrgPath, Kind = r.Kind!.Trim(), Hours = r.Hours!.Value, TrainedOn = r.TrainedOn!.Value,
                Organizer = r.Organizer!.Trim(), SessionId = session, CreatedAt = now, CreatedBy = http.User.Actor(),
            });
        }
        db.Audit(http.User, now, AuditEntities.TrainingSession, session, prefix == "!none" ? "/" : prefix, "recorded", to: $"{r.Kind} {r.TrainedOn:yyyy-MM-dd} {members.Count} 人 {r.Hours} 学时");
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/members/training?sessionId={session}", new TrainingSessionResponse(session, members.Count));
    }

    private static async Task<IResult> List(Guid? memberId, Guid? branchId, Guid? sessionId, int? year, string? format, int? page, int? pageSize, MembersDbContext db, OrgScope scope,
        CancellationToken ct)
    {
        var xlsx = string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase);
        var paging = xlsx ? new PageRequest(0, 100_000, 1, 100_000) : Paging.Resolve(page, pageSize);
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var q = db.Set<TrainingRecord>().AsNoTracking().Where(t => t.OrgPath.StartsWith(prefix));
        if (memberId is not null) q = q.Where(t => t.MemberId == memberId);
        if (branchId is not null) q = q.Where(t => t.BranchId == branchId);
        if (sessionId is not null) q = q.Where(t => t.SessionId == sessionId);
        if (year is not null) q = q.Where(t => t.TrainedOn.Year == year);
        var ordered = q.OrderBy(t => t.TrainedOn).ThenBy(t => t.Id);
        if (xlsx)
            return await Spreadsheets.FileAsync(await ordered.Take(paging.Take).Select(t => new { 党员 = t.MemberId, 类别 = t.Kind, 学时 = t.Hours, 日期 = t.TrainedOn, 主办单位 = t.Organizer }).ToListAsync(ct),
                "training.xlsx", ct);
        return TypedResults.Ok(await ordered.ToPageAsync(paging, ct));
    }

    /// <summary>Set-based: members on the books (probationary and full) with no training record in the year, by branch.</summary>
    private static async Task<IResult> Coverage(int? year, Guid? branchId, string? format, int? page, int? pageSize, MembersDbContext db, OrgScope scope, TimeProvider clock,
        CancellationToken ct)
    {
        var xlsx = string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase);
        var paging = xlsx ? new PageRequest(0, 100_000, 1, 100_000) : Paging.Resolve(page, pageSize);
        var y = year ?? clock.Today().Year;
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        if (branchId is { } b) prefix = (await MemberLookup.UnitInScopeAsync(db, scope, b, ct)).Path;
        var from = new DateOnly(y, 1, 1);
        var to = new DateOnly(y, 12, 31);
        var members = db.Set<Member>().AsNoTracking().Where(m => m.OrgPath.StartsWith(prefix) && Trainable.Contains(m.Stage) && OnBooks.Contains(m.Status));
        var trainedIds = db.Set<TrainingRecord>().AsNoTracking().Where(t => t.TrainedOn >= from && t.TrainedOn <= to).Select(t => t.MemberId);
        var untrained = members.Where(m => !trainedIds.Contains(m.Id));
        var ordered = untrained.OrderBy(m => m.OrgPath).ThenBy(m => m.Name).ThenBy(m => m.Id);
        if (xlsx)
        {
            var rows = await ordered.Take(paging.Take).Select(m => new { 姓名 = m.Name, 支部 = m.BranchId, 阶段 = m.Stage.ToString() }).ToListAsync(ct);
            return await Spreadsheets.FileAsync(rows, $"untrained-{y}.xlsx", ct);
        }
        var branches = await members.GroupBy(m => m.BranchId)
            .Select(g => new { BranchId = g.Key, Members = g.LongCount(), Trained = g.LongCount(m => trainedIds.Contains(m.Id)) })
            .OrderBy(x => x.BranchId).Take(Paging.MaxPageSize).ToListAsync(ct);
        var total = branches.Sum(x => x.Members);
        var trained = branches.Sum(x => x.Trained);
        var untrainedPage = await ordered.Select(m => new UntrainedMember(m.Id, m.Name, m.BranchId, m.Stage.ToString())).ToPageAsync(paging, ct);
        return TypedResults.Ok(new CoverageReport(y, total, trained, TrainingRules.CoveragePercent(trained, total),
            branches.Select(x => new BranchCoverage(x.BranchId, x.Members, x.Trained, TrainingRules.CoveragePercent(x.Trained, x.Members))).ToList(),
            untrainedPage));
    }
}
