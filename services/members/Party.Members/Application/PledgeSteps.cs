using Microsoft.EntityFrameworkCore;
using Npgsql;
using Party.Common;
using Party.Members.Apis;
using Party.Members.Consumers;
using Party.Members.Data;
using Party.Members.Domain.Pledges;
using Party.Members.Domain.Points;
using Party.Persistence.Audit;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Idempotency;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.Members.Application;

/// <summary>
/// Pledges (承诺践诺): drafted by the member, submitted, reviewed by the branch, reported on and accepted at the year-end.
/// </summary>
public static class PledgeSteps
{
    public static async Task<PledgeResponse> DraftAsync(MembersServices services, DraftPledgeRequest r, CancellationToken ct)
    {
        var today = services.Clock.Today();
        var year = r.Year ?? today.Year;
        new Validator()
            .Check(r.MemberId is not null, "memberId", "请指定党员。")
            .Check(year == today.Year || year == today.Year + 1, "year", "只能拟定本年度或下一年度的承诺。")
            .Check(r.Areas is { Count: > 0 }, "areas", "请至少选择一个承诺事项范围。")
            .Check(!string.IsNullOrWhiteSpace(r.Content) && r.Content.Length <= 4000, "content", "承诺内容必填，最多 4000 字。")
            .ThrowIfInvalid();
        // The list endpoint hands out codes (RuralCommunity-1); clerks type names (脱贫攻坚). Both name an area; the name is stored.
        var areas = await services.Db.Set<PledgeArea>().AsNoTracking().ToListAsync(ct);
        var named = r.Areas!.Select(a => (Given: a, Area: areas.FirstOrDefault(x => x.Code == a?.Trim() || x.Name == a?.Trim()))).ToList();
        if (named.Where(n => n.Area is null).Select(n => n.Given).ToList() is { Count: > 0 } unknown)
            throw DomainException.Validation(new Dictionary<string, string[]> { ["areas"] =
                [$"没有这些承诺事项：{string.Join("、", unknown)}；可选值见 GET /api/members/pledges/areas（code 或 name）。"] });
        var member = await MemberLookup.FindInScopeAsync(services.Db, services.Scope, r.MemberId!.Value, ct, tracking: false);
        var domain = await services.Db.OrgUnits.AsNoTracking().Where(u => u.Id == member.BranchId).Select(u => u.Domain)
            .FirstOrDefaultAsync(ct);
        var group = domain is null ? null : PointsNames.TemplateDomainOf(domain);
        if (named.Where(n => n.Area!.Domain != group).Select(n => n.Given).ToList() is { Count: > 0 } foreign)
        {
            var choices = areas.Where(a => a.Domain == group).Select(a => $"{a.Code}（{a.Name}）");
            throw DomainException.Validation(new Dictionary<string, string[]>
            {
                ["areas"] = [$"不属于本领域的承诺事项：{string.Join("、", foreign)}；可选：{string.Join("、", choices)}。"],
            });
        }
        var now = services.Clock.GetUtcNow();
        var pledge = new Pledge
        {
            Id = Guid.CreateVersion7(), MemberId = member.Id, BranchId = member.BranchId, OrgPath = member.OrgPath, Year = year,
            Areas = named.Select(n => n.Area!.Name).Distinct().ToList(),
            Content = r.Content!.Trim(), Status = PledgeStatus.Draft, CreatedAt = now,
        };
        services.Db.Add(pledge);
        services.Db.Audit(services.User, now, AuditEntities.Pledge, pledge.Id, pledge.OrgPath, "drafted", to: nameof(PledgeStatus.Draft));
        try { await services.Db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        { throw DomainException.Conflict("pledges.exists", $"该党员 {year} 年的承诺已经拟定，请修改原承诺。"); }
        return await ResponseAsync(services.Db, pledge, ct);
    }

    public static async Task<PledgeResponse> SubmitAsync(MembersServices services, Guid id, CancellationToken ct)
    {
        var p = await FindAsync(services.Db, services.Scope, id, ct);
        Expect(p, PledgeStatus.Draft, "提交审诺");
        p.Status = PledgeStatus.UnderReview;
        services.Db.Audit(services.User, services.Clock.GetUtcNow(), AuditEntities.Pledge, p.Id, p.OrgPath, "submitted",
            nameof(PledgeStatus.Draft), nameof(PledgeStatus.UnderReview));
        await services.Db.SaveChangesAsync(ct);
        return await ResponseAsync(services.Db, p, ct);
    }

    public static async Task<PledgeResponse> ReviewAsync(MembersServices services, Guid id, ReviewPledgeRequest r, CancellationToken ct)
    {
        var checks = new[] { r.ServesAgenda, r.MeetsVanguardStandard, r.FitsPost, r.MatchesExpectations, r.LeadersPledge };
        var fields = new[] { "servesAgenda", "meetsVanguardStandard", "fitsPost", "matchesExpectations", "leadersPledge" };
        var v = new Validator();
        for (var i = 0; i < checks.Length; i++)
            v.Check(checks[i]?.Passed is not null && !string.IsNullOrWhiteSpace(checks[i]!.Comment) && checks[i]!.Comment!.Length <= 400,
                fields[i],
                $"“{PledgeRules.CheckNames[i]}”须给出是否通过并填写意见（最多 400 字）。");
        v.ThrowIfInvalid();
        if (services.User.IsInRole(PartyRoles.Branch) is false && services.User.IsInRole(PartyRoles.Township) is false
            && !services.User.IsCounty())
            throw new DomainException("auth.forbidden", "无权审诺。", 403);
        var p = await FindAsync(services.Db, services.Scope, id, ct);
        Expect(p, PledgeStatus.UnderReview, "审诺");
        var failed = PledgeRules.FailedChecks(r.ServesAgenda!.Passed!.Value, r.MeetsVanguardStandard!.Passed!.Value,
            r.FitsPost!.Passed!.Value,
            r.MatchesExpectations!.Passed!.Value, r.LeadersPledge!.Passed!.Value);
        var now = services.Clock.GetUtcNow();
        var comments = string.Join("；", checks.Select((c, i) =>
            $"{PledgeRules.CheckNames[i]}：{(c!.Passed!.Value ? "是" : "否")}，{c.Comment!.Trim()}"));
        services.Db.Add(new PledgeReview
        {
            Id = Guid.CreateVersion7(), PledgeId = p.Id, ServesAgenda = r.ServesAgenda.Passed.Value,
            MeetsVanguardStandard = r.MeetsVanguardStandard.Passed.Value,
            FitsPost = r.FitsPost.Passed.Value, MatchesExpectations = r.MatchesExpectations.Passed.Value,
            LeadersPledge = r.LeadersPledge.Passed.Value,
            Comments = comments, Passed = failed.Count == 0, ReviewedAt = now, ReviewedBy = services.User.Actor(),
        });
        p.Status = failed.Count == 0 ? PledgeStatus.Published : PledgeStatus.Draft;
        if (failed.Count == 0) p.PublishedOn = services.Clock.Today();
        services.Db.Audit(services.User, now, AuditEntities.Pledge, p.Id, p.OrgPath, failed.Count == 0 ? "published" : "returned",
            nameof(PledgeStatus.UnderReview), p.Status.ToString(),
            failed.Count == 0 ? comments : "未通过：" + string.Join("、", failed));
        await services.Db.SaveChangesAsync(ct);
        return await ResponseAsync(services.Db, p, ct);
    }

    public static async Task<PledgeReport> ReportAsync(MembersServices services, Guid id, PledgeReportRequest r, CancellationToken ct)
    {
        new Validator()
            .Check(r.Quarter is >= 1 and <= 4, "quarter", "季度须为 1–4。")
            .Check(!string.IsNullOrWhiteSpace(r.Content) && r.Content.Length <= 4000, "content", "报告内容必填，最多 4000 字。")
            .ThrowIfInvalid();
        var p = await FindAsync(services.Db, services.Scope, id, ct);
        Expect(p, PledgeStatus.Published, "报告践诺情况");
        var today = services.Clock.Today();
        if (today.Year == p.Year && r.Quarter > PledgeRules.QuarterOf(today))
            throw new DomainException("pledges.quarter_not_started", $"第 {r.Quarter} 季度尚未开始，不能提前报告。");
        var now = services.Clock.GetUtcNow();
        var report = new PledgeReport { Id = Guid.CreateVersion7(), PledgeId = p.Id, Quarter = r.Quarter!.Value,
            Content = r.Content!.Trim(), ReportedOn = today, CreatedAt = now };
        services.Db.Add(report);
        services.Db.Audit(services.User, now, AuditEntities.Pledge, p.Id, p.OrgPath, "reported", to: $"第 {report.Quarter} 季度");
        try { await services.Db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        { throw DomainException.Conflict("pledges.quarter_reported", $"第 {r.Quarter} 季度已经报告过。"); }
        return report;
    }

    public static async Task<PledgeResponse> AcceptAsync(MembersServices services, Guid id, AcceptPledgeRequest r, CancellationToken ct)
    {
        new Validator()
            .Check(r.Result is not null, "result", "请选择验收结果：兑现、部分兑现或未兑现。")
            .Check(!string.IsNullOrWhiteSpace(r.Comment) && r.Comment.Length <= 1000, "comment", "请填写验收意见（最多 1000 字）。")
            .ThrowIfInvalid();
        var p = await FindAsync(services.Db, services.Scope, id, ct);
        Expect(p, PledgeStatus.Published, "验收");
        var today = services.Clock.Today();
        if (today < new DateOnly(p.Year, 12, 1))
            throw DomainException.Conflict("pledges.too_early", $"年末验收自 {p.Year}-12-01 起进行。");
        var quarters = await services.Db.Set<PledgeReport>().Where(x => x.PledgeId == p.Id).Select(x => x.Quarter).ToListAsync(ct);
        var missing = PledgeRules.MissingQuarters(p.Year, p.PublishedOn!.Value, quarters);
        if (missing.Count > 0)
            throw DomainException.Conflict("pledges.reports_missing", $"还缺第 {string.Join("、", missing)} 季度的践诺报告，补齐后才能验收。");
        var now = services.Clock.GetUtcNow();
        await using var tx = await services.Db.Database.BeginOrJoinTransactionAsync(ct);
        p.Status = PledgeStatus.Accepted;
        p.Result = r.Result;
        p.ResultComment = r.Comment!.Trim();
        p.AcceptedOn = today;
        var rules = await CountySettings.PointsRulesOnAsync(services.Db, today, ct);
        if (PledgeRules.PointsFor(r.Result!.Value, rules) is { } points)
        {
            var on = today.Year == p.Year ? today : new DateOnly(p.Year, 12, 31);
            await AutomaticPointsEntries.ProposeAsync(services.Db, [p.MemberId], $"pledge:{p.Id}:", on, "AUTO-PLEDGE",
                $"承诺践诺验收：{Name(r.Result.Value)}", points.Kind, points.Points,
                p.ResultComment, now, ct);
            p.PointsEntryId = await services.Db.Set<PointsEntry>().Where(e => e.OriginKey == $"pledge:{p.Id}:{p.MemberId}")
                .Select(e => (Guid?)e.Id).FirstOrDefaultAsync(ct);
        }
        services.Db.Audit(services.User, now, AuditEntities.Pledge, p.Id, p.OrgPath, "accepted", nameof(PledgeStatus.Published),
            $"{nameof(PledgeStatus.Accepted)}:{r.Result}", p.ResultComment);
        await services.Db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await ResponseAsync(services.Db, p, ct);
    }

    internal static async Task<PledgeResponse> ResponseAsync(MembersDbContext db, Pledge p, CancellationToken ct) => new(p,
        await db.Set<PledgeReview>().AsNoTracking().Where(r => r.PledgeId == p.Id).OrderBy(r => r.ReviewedAt).ToListAsync(ct),
        await db.Set<PledgeReport>().AsNoTracking().Where(r => r.PledgeId == p.Id).OrderBy(r => r.Quarter).ToListAsync(ct));

    internal static async Task<Pledge> FindAsync(MembersDbContext db, OrgScope scope, Guid id, CancellationToken ct)
    {
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        return await db.Set<Pledge>().FirstOrDefaultAsync(p => p.Id == id && p.OrgPath.StartsWith(prefix), ct)
            ?? throw DomainException.NotFound("pledges");
    }

    private static void Expect(Pledge p, PledgeStatus status, string step)
    {
        if (p.Status != status)
            throw DomainException.Conflict("pledges.wrong_state", $"承诺当前为“{p.Status}”状态，不能{step}；顺序为：定诺 → 审诺 → 示诺 → 践诺 → 评诺。");
    }

    private static string Name(PledgeResult r) => r switch { PledgeResult.Fulfilled => "兑现", PledgeResult.Partly => "部分兑现", _ => "未兑现" };
}
