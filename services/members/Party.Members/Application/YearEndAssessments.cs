using Microsoft.EntityFrameworkCore;
using Party.Common;
using Party.Members.Apis;
using Party.Members.Data;
using Party.Members.Domain.Points;
using Party.Members.Jobs;
using Party.Persistence.Audit;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.Members.Application;

/// <summary>
/// The year-end close (年底综合评定) of one branch or of every branch under a unit, and the follow-ups of the grades (结果运用).
/// </summary>
public static class YearEndAssessments
{
    public static async Task<CloseSummary> CloseAsync(MembersServices services, CloseYearRequest r, IServiceScopeFactory scopes,
        CancellationToken ct)
    {
        new Validator()
            .Check(r.BranchId is not null != r.UnitId is not null, "branchId", "请指定一个党支部（branchId），或一个乡镇/县（unitId）以评定其下全部支部。")
            .Check(r.Year is >= 2000 and <= 2100, "year", "年度无效。")
            .ThrowIfInvalid();
        var unit = await MemberLookup.UnitInScopeAsync(services.Db, services.Scope, (r.BranchId ?? r.UnitId)!.Value, ct);
        var year = r.Year!.Value;
        var today = services.Clock.Today();
        var rules = await CountySettings.PointsRulesOnAsync(services.Db, new DateOnly(year, 12, 31), ct);
        // December's entries are registered in the window that closes on January 15th of the next year.
        var lastWindow = DeclarationWindow.For(new DateOnly(year, 12, 31)).LastEntryDay(rules.EntryGraceDays);
        if (today <= lastWindow)
            throw DomainException.Conflict("points.year_not_over", $"{year} 年最后一个申报窗口要到 {lastWindow:yyyy-MM-dd} 才关闭，之后才能进行年底综合评定。");
        // A unit closes the branches under it that are not closed yet; a branch only itself.
        var branchIds = r.BranchId is not null
            ? [unit.Id]
            : await services.Db.OrgUnits.AsNoTracking().Where(u => u.Path.StartsWith(unit.Path) && !u.Dissolved
                && (u.Kind == "Branch" || u.Kind == "GeneralBranch"))
                .Select(u => u.Id).Where(id => !services.Db.Set<YearClose>().Any(c => c.BranchId == id && c.Year == year)).ToArrayAsync(ct);
        if (r.BranchId is not null && await services.Db.Set<YearClose>().AnyAsync(c => c.BranchId == unit.Id && c.Year == year, ct))
            throw DomainException.Conflict("points.year_already_closed", $"该支部 {year} 年已完成年底综合评定。");
        var pending = await services.Db.Set<PointsEntry>().CountAsync(e => branchIds.Contains(e.BranchId) && e.Year == year
            && e.Status == EntryStatus.Proposed, ct);
        if (pending > 0)
            throw DomainException.Conflict("points.entries_pending", $"{year} 年还有 {pending} 条积分登记待审核，请先审核完毕再进行年底评定。");
        var summary = await YearEndClose.CloseAsync(scopes, branchIds, year, rules, services.User.Actor(), services.Clock.GetUtcNow(), ct);
        if (summary.Branches == 0)
            throw DomainException.Conflict("points.year_already_closed", $"{year} 年已完成年底综合评定，没有需要评定的支部。");
        return summary;
    }

    public static async Task<FollowUpTask> CompleteAsync(MembersServices services, Guid id, CompleteFollowUpRequest r, CancellationToken ct)
    {
        new Validator().Check(!string.IsNullOrWhiteSpace(r.Outcome) && r.Outcome.Length <= 1000, "outcome", "请填写办理结果（最多 1000 字），如谈话时间和帮扶人。")
            .ThrowIfInvalid();
        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        var task = await services.Db.Set<FollowUpTask>().FirstOrDefaultAsync(f => f.Id == id && f.OrgPath.StartsWith(prefix), ct)
            ?? throw DomainException.NotFound("points_follow_ups");
        if (task.Status == FollowUpStatus.Done) throw DomainException.Conflict("points.follow_up_done", "该任务已办结。");
        var now = services.Clock.GetUtcNow();
        task.Status = FollowUpStatus.Done;
        task.Outcome = r.Outcome!.Trim();
        task.DoneAt = now;
        task.DoneBy = services.User.Actor();
        services.Db.Audit(services.User, now, AuditEntities.PointsFollowUp, task.Id, task.OrgPath, "completed", "Open", "Done",
            task.Outcome);
        await services.Db.SaveChangesAsync(ct);
        return task;
    }

}
