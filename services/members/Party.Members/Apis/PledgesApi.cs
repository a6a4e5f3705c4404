using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Party.Members.Application;
using Party.Members.Consumers;
using Party.Members.Data;
using Party.Members.Domain.Pledges;
using Party.Members.Domain.Points;
using Party.Messaging.Audit;
using Party.ServiceDefaults.Idempotency;
using Party.ServiceDefaults;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.Members.Apis;

/// <summary><c>areas</c>: codes from <c>GET /api/members/pledges/areas</c> (e.g. <c>RuralCommunity-1</c>); the names are accepted too.</summary>
public sealed record DraftPledgeRequest(Guid? MemberId, [ValuesFrom("ListPledgeAreas", "code")] List<string>? Areas, [FreeText] string? Content, int? Year = null);
public sealed record PledgeCheck(bool? Passed, [FreeText] string? Comment);
public sealed record ReviewPledgeRequest(PledgeCheck? ServesAgenda, PledgeCheck? MeetsVanguardStandard, PledgeCheck? FitsPost, PledgeCheck? MatchesExpectations,
    PledgeCheck? LeadersPledge);
public sealed record PledgeReportRequest(int? Quarter, [FreeText] string? Content);
public sealed record AcceptPledgeRequest(PledgeResult? Result, [FreeText] string? Comment);
public sealed record PledgeResponse(Pledge Pledge, IReadOnlyList<PledgeReview> Reviews, IReadOnlyList<PledgeReport> Reports);

/// <summary>Pledges (承诺践诺, §3.4): draft → committee review with five checks → published → quarterly reports → year-end acceptance.</summary>
public static class PledgesApi
{
    public static IEndpointRouteBuilder MapPledgesApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/members/pledges").WithTags("Pledges").RequireRole(ApiSupport.OfficeRoles);
        g.MapGet("/areas", Areas).WithName("ListPledgeAreas").WithSummary("各领域的承诺事项范围（定诺模板）。");
        g.MapPost("/", Draft).WithName("DraftPledge").WithSummary("定诺：党员按本领域模板拟定年度承诺。");
        g.MapGet("/{id:guid}", Get).WithName("GetPledge").WithSummary("查看承诺、审诺意见与践诺报告。");
        g.MapGet("/", List).WithName("ListPledges").WithSummary("分页列出承诺。");
        g.MapPost("/{id:guid}/submit", Submit).WithName("SubmitPledge").WithSummary("提交支委会审诺。");
        g.MapPost("/{id:guid}/review", Review).WithName("ReviewPledge").WithSummary("审诺：五项审查逐项是否通过并附意见；全部通过即示诺，否则退回修改。");
        g.MapPost("/{id:guid}/reports", Report).WithName("ReportPledge").WithSummary("践诺：每季度报告兑现情况。");
        g.MapPost("/{id:guid}/accept", Accept).WithName("AcceptPledge").WithSummary("评诺：年末验收（兑现/部分兑现/未兑现），并生成待审核的积分登记。");
        return app;
    }

    private static async Task<Ok<List<PledgeArea>>> Areas([QueryEnum(typeof(TemplateDomain))] string? domain, MembersDbContext db, CancellationToken ct)
    {
        var q = db.Set<PledgeArea>().AsNoTracking();
        if (QueryEnums.Parse<TemplateDomain>(domain, "domain") is { } d) q = q.Where(a => a.Domain == d);
        return TypedResults.Ok(await q.OrderBy(a => a.Id).ToListAsync(ct));
    }

    private static async Task<PledgeResponse> ResponseAsync(MembersDbContext db, Pledge p, CancellationToken ct) => new(p,
        await db.Set<PledgeReview>().AsNoTracking().Where(r => r.PledgeId == p.Id).OrderBy(r => r.ReviewedAt).ToListAsync(ct),
        await db.Set<PledgeReport>().AsNoTracking().Where(r => r.PledgeId == p.Id).OrderBy(r => r.Quarter).ToListAsync(ct));

    private static async Task<Pledge> FindAsync(MembersDbContext db, OrgScope scope, Guid id, CancellationToken ct)
    {
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        return await db.Set<Pledge>().FirstOrDefaultAsync(p => p.Id == id && p.OrgPath.StartsWith(prefix), ct) ?? throw DomainException.NotFound("pledges");
    }

    private static async Task<Created<PledgeResponse>> Draft(DraftPledgeRequest r, MembersDbContext db, OrgScope scope, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var today = clock.Today();
        var year = r.Year ?? today.Year;
        new Validator()
            .Check(r.MemberId is not null, "memberId", "请指定党员。")
            .Check(year == today.Year || year == today.Year + 1, "year", "只能拟定本年度或下一年度的承诺。")
            .Check(r.Areas is { Count: > 0 }, "areas", "请至少选择一个承诺事项范围。")
            .Check(!string.IsNullOrWhiteSpace(r.Content) && r.Content.Length <= 4000, "content", "承诺内容必填，最多 4000 字。")
            .ThrowIfInvalid();
        // The list endpoint hands out codes (RuralCommunity-1); clerks type names (脱贫攻坚). Both name an area; the name is stored.
        var areas = await db.Set<PledgeArea>().AsNoTracking().ToListAsync(ct);
        var named = r.Areas!.Select(a => (Given: a, Area: areas.FirstOrDefault(x => x.Code == a?.Trim() || x.Name == a?.Trim()))).ToList();
        if (named.Where(n => n.Area is null).Select(n => n.Given).ToList() is { Count: > 0 } unknown)
            throw DomainException.Validation(new Dictionary<string, string[]> { ["areas"] = [$"没有这些承诺事项：{string.Join("、", unknown)}；可选值见 GET /api/members/pledges/areas（code 或 name）。"] });
        var member = await MemberLookup.FindInScopeAsync(db, scope, r.MemberId!.Value, ct, tracking: false);
        var domain = await db.OrgUnits.AsNoTracking().Where(u => u.Id == member.BranchId).Select(u => u.Domain).FirstOrDefaultAsync(ct);
        var group = domain is null ? null : PointsNames.TemplateDomainOf(domain);
        if (named.Where(n => n.Area!.Domain != group).Select(n => n.Given).ToList() is { Count: > 0 } foreign)
            throw DomainException.Validation(new Dictionary<string, string[]> { ["areas"] = [$"不属于本领域的承诺事项：{string.Join("、", foreign)}；可选：{string.Join("、", areas.Where(a => a.Domain == group).Select(a => $"{a.Code}（{a.Name}）"))}。"] });
        var now = clock.GetUtcNow();
        var pledge = new Pledge
        {
            Id = Guid.CreateVersion7(), MemberId = member.Id, BranchId = member.BranchId, OrgPath = member.OrgPath, Year = year, Areas = named.Select(n => n.Area!.Name).Distinct().ToList(),
            Content = r.Content!.Trim(), Status = PledgeStatus.Draft, CreatedAt = now,
        };
        db.Add(pledge);
        db.Audit(http.User, now, AuditEntities.Pledge, pledge.Id, pledge.OrgPath, "drafted", to: nameof(PledgeStatus.Draft));
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        { throw DomainException.Conflict("pledges.exists", $"该党员 {year} 年的承诺已经拟定，请修改原承诺。"); }
        return TypedResults.Created($"/api/members/pledges/{pledge.Id}", await ResponseAsync(db, pledge, ct));
    }

    private static async Task<Ok<PledgeResponse>> Get(Guid id, MembersDbContext db, OrgScope scope, CancellationToken ct) =>
        TypedResults.Ok(await ResponseAsync(db, await FindAsync(db, scope, id, ct), ct));

    private static async Task<Ok<Page<Pledge>>> List(Guid? memberId, Guid? branchId, int? year, [QueryEnum(typeof(PledgeStatus))] string? status, int? page, int? pageSize, MembersDbContext db, OrgScope scope,
        CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var q = db.Set<Pledge>().AsNoTracking().Where(x => x.OrgPath.StartsWith(prefix));
        if (memberId is not null) q = q.Where(x => x.MemberId == memberId);
        if (branchId is not null) q = q.Where(x => x.BranchId == branchId);
        if (year is not null) q = q.Where(x => x.Year == year);
        if (QueryEnums.Parse<PledgeStatus>(status, "status") is { } st) q = q.Where(x => x.Status == st);
        return TypedResults.Ok(await q.OrderBy(x => x.Year).ThenBy(x => x.CreatedAt).ToPageAsync(paging, ct));
    }

    private static void Expect(Pledge p, PledgeStatus status, string step)
    {
        if (p.Status != status)
            throw DomainException.Conflict("pledges.wrong_state", $"承诺当前为“{p.Status}”状态，不能{step}；顺序为：定诺 → 审诺 → 示诺 → 践诺 → 评诺。");
    }

    private static async Task<Ok<PledgeResponse>> Submit(Guid id, MembersDbContext db, OrgScope scope, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var p = await FindAsync(db, scope, id, ct);
        Expect(p, PledgeStatus.Draft, "提交审诺");
        p.Status = PledgeStatus.UnderReview;
        db.Audit(http.User, clock.GetUtcNow(), AuditEntities.Pledge, p.Id, p.OrgPath, "submitted", nameof(PledgeStatus.Draft), nameof(PledgeStatus.UnderReview));
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ResponseAsync(db, p, ct));
    }

    private static async Task<Ok<PledgeResponse>> Review(Guid id, ReviewPledgeRequest r, MembersDbContext db, OrgScope scope, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var checks = new[] { r.ServesAgenda, r.MeetsVanguardStandard, r.FitsPost, r.MatchesExpectations, r.LeadersPledge };
        var fields = new[] { "servesAgenda", "meetsVanguardStandard", "fitsPost", "matchesExpectations", "leadersPledge" };
        var v = new Validator();
        for (var i = 0; i < checks.Length; i++)
            v.Check(checks[i]?.Passed is not null && !string.IsNullOrWhiteSpace(checks[i]!.Comment) && checks[i]!.Comment!.Length <= 400, fields[i],
                $"“{PledgeRules.CheckNames[i]}”须给出是否通过并填写意见（最多 400 字）。");
        v.ThrowIfInvalid();
        if (http.User.IsInRole(PartyRoles.Branch) is false && http.User.IsInRole(PartyRoles.Township) is false && !http.User.IsCounty())
            throw new DomainException("auth.forbidden", "无权审诺。", 403);
        var p = await FindAsync(db, scope, id, ct);
        Expect(p, PledgeStatus.UnderReview, "审诺");
        var failed = PledgeRules.FailedChecks(r.ServesAgenda!.Passed!.Value, r.MeetsVanguardStandard!.Passed!.Value, r.FitsPost!.Passed!.Value,
            r.MatchesExpectations!.Passed!.Value, r.LeadersPledge!.Passed!.Value);
        var now = clock.GetUtcNow();
        var comments = string.Join("；", checks.Select((c, i) => $"{PledgeRules.CheckNames[i]}：{(c!.Passed!.Value ? "是" : "否")}，{c.Comment!.Trim()}"));
        db.Add(new PledgeReview
        {
            Id = Guid.CreateVersion7(), PledgeId = p.Id, ServesAgenda = r.ServesAgenda.Passed.Value, MeetsVanguardStandard = r.MeetsVanguardStandard.Passed.Value,
            FitsPost = r.FitsPost.Passed.Value, MatchesExpectations = r.MatchesExpectations.Passed.Value, LeadersPledge = r.LeadersPledge.Passed.Value,
            Comments = comments, Passed = failed.Count == 0, ReviewedAt = now, ReviewedBy = http.User.Actor(),
        });
        p.Status = failed.Count == 0 ? PledgeStatus.Published : PledgeStatus.Draft;
        if (failed.Count == 0) p.PublishedOn = clock.Today();
        db.Audit(http.User, now, AuditEntities.Pledge, p.Id, p.OrgPath, failed.Count == 0 ? "published" : "returned", nameof(PledgeStatus.UnderReview), p.Status.ToString(),
            failed.Count == 0 ? comments : "未通过：" + string.Join("、", failed));
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ResponseAsync(db, p, ct));
    }

    private static async Task<Created<PledgeReport>> Report(Guid id, PledgeReportRequest r, MembersDbContext db, OrgScope scope, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        new Validator()
            .Check(r.Quarter is >= 1 and <= 4, "quarter", "季度须为 1–4。")
            .Check(!string.IsNullOrWhiteSpace(r.Content) && r.Content.Length <= 4000, "content", "报告内容必填，最多 4000 字。")
            .ThrowIfInvalid();
        var p = await FindAsync(db, scope, id, ct);
        Expect(p, PledgeStatus.Published, "报告践诺情况");
        var today = clock.Today();
        if (today.Year == p.Year && r.Quarter > PledgeRules.QuarterOf(today))
            throw new DomainException("pledges.quarter_not_started", $"第 {r.Quarter} 季度尚未开始，不能提前报告。");
        var now = clock.GetUtcNow();
        var report = new PledgeReport { Id = Guid.CreateVersion7(), PledgeId = p.Id, Quarter = r.Quarter!.Value, Content = r.Content!.Trim(), ReportedOn = today, CreatedAt = now };
        db.Add(report);
        db.Audit(http.User, now, AuditEntities.Pledge, p.Id, p.OrgPath, "reported", to: $"第 {report.Quarter} 季度");
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        { throw DomainException.Conflict("pledges.quarter_reported", $"第 {r.Quarter} 季度已经报告过。"); }
        return TypedResults.Created($"/api/members/pledges/{p.Id}", report);
    }

    private static async Task<Ok<PledgeResponse>> Accept(Guid id, AcceptPledgeRequest r, MembersDbContext db, OrgScope scope, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        new Validator()
            .Check(r.Result is not null, "result", "请选择验收结果：兑现、部分兑现或未兑现。")
            .Check(!string.IsNullOrWhiteSpace(r.Comment) && r.Comment.Length <= 1000, "comment", "请填写验收意见（最多 1000 字）。")
            .ThrowIfInvalid();
        var p = await FindAsync(db, scope, id, ct);
        Expect(p, PledgeStatus.Published, "验收");
        var today = clock.Today();
        if (today < new DateOnly(p.Year, 12, 1))
            throw DomainException.Conflict("pledges.too_early", $"年末验收自 {p.Year}-12-01 起进行。");
        var quarters = await db.Set<PledgeReport>().Where(x => x.PledgeId == p.Id).Select(x => x.Quarter).ToListAsync(ct);
        var missing = PledgeRules.MissingQuarters(p.Year, p.PublishedOn!.Value, quarters);
        if (missing.Count > 0)
            throw DomainException.Conflict("pledges.reports_missing", $"还缺第 {string.Join("、", missing)} 季度的践诺报告，补齐后才能验收。");
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginOrJoinTransactionAsync(ct);
        p.Status = PledgeStatus.Accepted;
        p.Result = r.Result;
        p.ResultComment = r.Comment!.Trim();
        p.AcceptedOn = today;
        var rules = await CountySettings.PointsRulesOnAsync(db, today, ct);
        if (PledgeRules.PointsFor(r.Result!.Value, rules) is { } points)
        {
            var on = today.Year == p.Year ? today : new DateOnly(p.Year, 12, 31);
            await AutomaticPointsEntries.ProposeAsync(db, [p.MemberId], $"pledge:{p.Id}:", on, "AUTO-PLEDGE", $"承诺践诺验收：{Name(r.Result.Value)}", points.Kind, points.Points,
                p.ResultComment, now, ct);
            p.PointsEntryId = await db.Set<PointsEntry>().Where(e => e.OriginKey == $"pledge:{p.Id}:{p.MemberId}").Select(e => (Guid?)e.Id).FirstOrDefaultAsync(ct);
        }
        db.Audit(http.User, now, AuditEntities.Pledge, p.Id, p.OrgPath, "accepted", nameof(PledgeStatus.Published), $"{nameof(PledgeStatus.Accepted)}:{r.Result}", p.ResultComment);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(await ResponseAsync(db, p, ct));
    }

    private static string Name(PledgeResult r) => r switch { PledgeResult.Fulfilled => "兑现", PledgeResult.Partly => "部分兑现", _ => "未兑现" };
}
