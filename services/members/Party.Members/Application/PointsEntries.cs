using Microsoft.EntityFrameworkCore;
using Party.Common;
using Party.Members.Apis;
using Party.Members.Consumers;
using Party.Members.Data;
using Party.Members.Domain.Members;
using Party.Members.Domain.Points;
using Party.Members.Jobs;
using Party.Persistence;
using Party.Persistence.Audit;
using Party.ServiceDefaults;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.Members.Application;

/// <summary>
/// Points entries (每月申报登记): registration inside an open declaration window, branch review (支部初审) and county
/// corrections (县级更正), each audited; an approved veto item is a veto of the member everywhere (<see cref="Vetoes"/>).
/// </summary>
public static class PointsEntries
{
    public static async Task<EntryResponse> CreateAsync(MembersServices services, CreateEntryRequest r, CancellationToken ct)
    {
        new Validator()
            .Check(r.MemberId is not null, "memberId", "请指定党员。")
            .Check(!string.IsNullOrWhiteSpace(r.ItemCode), "itemCode", "请选择积分项目。")
            .Check(r.OccurredOn is not null, "occurredOn", "请填写事项发生日期。")
            .Check(r.Source is not null && r.Source != EntrySource.Automatic, "source", "来源须为个人申报、支部记录或群众证实。")
            .Check(r.Source != EntrySource.PublicConfirmed || !string.IsNullOrWhiteSpace(r.Witness), "witness", "群众证实的积分须填写证明人。")
            .Check(r.Witness is null || r.Witness.Length <= 100, "witness", "证明人最多 100 字。")
            .Check(r.Description is null || r.Description.Length <= 1000, "description", "事项说明最多 1000 字。")
            .ThrowIfInvalid();
        var member = await MemberLookup.FindInScopeAsync(services.Db, services.Scope, r.MemberId!.Value, ct, tracking: false);
        var today = services.Clock.Today();
        var date = r.OccurredOn!.Value;
        var rules = await CountySettings.PointsRulesOnAsync(services.Db, today, ct);
        switch (DeclarationWindow.Check(date, today, rules.EntryGraceDays))
        {
            case WindowRefusal.Future:
                throw new DomainException("points.date_in_future", $"事项日期 {date:yyyy-MM-dd} 晚于今天，不能预先登记。");
            case WindowRefusal.Closed:
                var w = DeclarationWindow.For(date);
                throw new DomainException("points.window_closed",
                    $"{date:yyyy-MM-dd} 属于 {w.Start:yyyy-MM-dd} 至 {w.End.AddDays(-1):yyyy-MM-dd} 的申报窗口，" +
                    $"该窗口已于 {w.LastEntryDay(rules.EntryGraceDays):yyyy-MM-dd} 关闭；如确需更正，请由县委组织部登记更正。");
        }
        var year = date.Year;
        var scheme = await services.Db.Set<PointsScheme>().AsNoTracking()
            .FirstOrDefaultAsync(s => s.BranchId == member.BranchId && s.Year == year, ct)
            ?? throw new DomainException("points.scheme_missing", $"该党员所在支部尚未设定 {year} 年积分方案，请先从县级模板选定积分项目。");
        var item = scheme.Items.FirstOrDefault(i => i.Code == r.ItemCode)
            ?? throw new DomainException("points.item_unknown", $"支部 {year} 年积分方案中没有项目“{r.ItemCode}”。");
        if (!AppliesTo(item, member))
            throw new DomainException("points.item_not_applicable", $"项目“{item.Name}”只适用于：{string.Join("、", item.AppliesTo)}。");
        await EnsureOpenAsync(services.Db, member.BranchId, date, ct);
        if (item.Kind == PointKind.Base && await services.Db.Set<PointsEntry>()
            .AnyAsync(e => e.MemberId == member.Id && e.Year == year && e.ItemCode == item.Code && e.Status != EntryStatus.Rejected, ct))
            throw DomainException.Conflict("points.base_item_recorded", $"基础项目“{item.Name}”本年度已登记；基础积分达标即得全分，不重复计分。");

        var now = services.Clock.GetUtcNow();
        var entry = new PointsEntry
        {
            Id = Guid.CreateVersion7(), MemberId = member.Id, BranchId = member.BranchId, OrgPath = member.OrgPath, Year = year,
            OccurredOn = date,
            WindowStart = DeclarationWindow.For(date).Start, ItemCode = item.Code, ItemName = item.Name, Kind = item.Kind,
            Points = item.Points,
            CapPerYear = item.CapPerYear, Source = r.Source!.Value, Witness = r.Witness?.Trim(), Description = r.Description?.Trim(),
            Status = EntryStatus.Proposed,
            CreatedAt = now, CreatedBy = services.User.Actor(),
        };
        services.Db.Add(entry);
        services.Db.Audit(services.User, now, AuditEntities.PointsEntry, entry.Id, entry.OrgPath, "registered",
            to: $"{item.Name} {item.Kind} {item.Points}");
        await services.Db.SaveChangesAsync(ct);
        return ToResponse(entry);
    }

    public static async Task<EntryResponse> ReviewAsync(MembersServices services, Guid id, ReviewEntryRequest r, CancellationToken ct)
    {
        new Validator()
            .Check(r.Decision is not null, "decision", "请选择审核结果：通过或退回。")
            .Check(r.Decision != ReviewDecision.Reject || !string.IsNullOrWhiteSpace(r.Reason), "reason", "退回须写明理由。")
            .Check(r.Reason is null || r.Reason.Length <= 500, "reason", "审核意见最多 500 字。")
            .ThrowIfInvalid();
        var e = await FindAsync(services.Db, services.Scope, id, ct);
        services.Db.ApplyIfMatch(e, services.Http.Request);
        if (e.Status != EntryStatus.Proposed)
            throw DomainException.Conflict("points.entry_already_reviewed",
                $"该登记已{(e.Status == EntryStatus.Approved ? "审核通过" : "被退回")}，不能重复审核；更正请由县委组织部登记。");
        await EnsureOpenAsync(services.Db, e.BranchId, e.OccurredOn, ct);
        var now = services.Clock.GetUtcNow();
        var from = e.Status;
        e.Status = r.Decision == ReviewDecision.Approve ? EntryStatus.Approved : EntryStatus.Rejected;
        e.ReviewReason = r.Reason?.Trim();
        e.ReviewedBy = services.User.Actor();
        e.ReviewedAt = now;
        services.Db.Audit(services.User, now, AuditEntities.PointsEntry, e.Id, e.OrgPath, "reviewed", from.ToString(), e.Status.ToString(),
            e.ReviewReason);
        if (e.Status == EntryStatus.Approved) await RecordVetoAsync(services.Db, services.User, e, now, ct);
        await services.Db.SaveChangesAsync(ct);
        services.Http.Response.Headers.ETag = ETags.Format(e.RowVersion);
        return ToResponse(e);
    }

    public static async Task<EntryResponse> CorrectAsync(MembersServices services, Guid id, CorrectEntryRequest r, CancellationToken ct)
    {
        ApiSupport.RequireCounty(services.User, "登记积分更正");
        new Validator()
            .Check(r.Points is not null && r.Points != 0 && Math.Abs(r.Points.Value) <= 100, "points", "更正分值须为非零、绝对值不超过 100 的调整量。")
            .Check(!string.IsNullOrWhiteSpace(r.Reason) && r.Reason.Length <= 500, "reason", "更正须写明理由（最多 500 字）。")
            .ThrowIfInvalid();
        var original = await FindAsync(services.Db, services.Scope, id, ct, tracking: false);
        // A fact of another service that arrived after the half-year was settled was recorded as rejected for exactly this:
        // the county confirms it by a correction.
        var settledAutomatic = original is { Status: EntryStatus.Rejected, Source: EntrySource.Automatic,
            ReviewedBy: AutomaticPointsEntries.SystemActor };
        if (original.Status != EntryStatus.Approved && !settledAutomatic)
            throw DomainException.Conflict("points.entry_not_approved", "只能更正已审核通过的登记或半年积分审议后才到达的自动登记；未审核的请由支部审核。");
        if (await services.Db.Set<YearClose>().AnyAsync(c => c.BranchId == original.BranchId && c.Year == original.Year, ct))
            throw DomainException.Conflict("points.year_closed", $"{original.Year} 年积分已完成年底综合评定，不能再更正。");
        await EnsureCorrectionFitsAsync(services.Db, original, r.Points!.Value, ct);
        var now = services.Clock.GetUtcNow();
        var correction = new PointsEntry
        {
            Id = Guid.CreateVersion7(), MemberId = original.MemberId, BranchId = original.BranchId, OrgPath = original.OrgPath,
            Year = original.Year,
            OccurredOn = original.OccurredOn, WindowStart = original.WindowStart, ItemCode = original.ItemCode,
            ItemName = original.ItemName, Kind = original.Kind,
            Points = r.Points!.Value, CapPerYear = original.CapPerYear, Source = original.Source, Description = r.Reason!.Trim(),
            Status = EntryStatus.Approved,
            ReviewReason = r.Reason.Trim(), ReviewedBy = services.User.Actor(), ReviewedAt = now, ReversesEntryId = original.Id,
            IsCorrection = true,
            CreatedAt = now, CreatedBy = services.User.Actor(),
        };
        services.Db.Add(correction);
        services.Db.Audit(services.User, now, AuditEntities.PointsEntry, original.Id, original.OrgPath, "corrected",
            original.Points.ToString(), (original.Points + correction.Points).ToString(), r.Reason);
        await RecordVetoAsync(services.Db, services.User, correction, now, ct);
        await services.Db.SaveChangesAsync(ct);
        return ToResponse(correction);
    }

    internal static EntryResponse ToResponse(PointsEntry e) => new(e.Id, e.MemberId, e.BranchId, e.Year, e.OccurredOn, e.WindowStart,
        e.ItemCode, e.ItemName, e.Kind,
        e.Points, e.CapPerYear, e.Source, e.Witness, e.Description, e.Status, e.ReviewReason, e.ReviewedBy, e.ReviewedAt, e.OriginKey,
        e.ReversesEntryId, e.IsCorrection,
        e.CreatedAt, e.CreatedBy);

    private static bool AppliesTo(PointsItem item, Member m) =>
        item.AppliesTo.Count == 0 || item.AppliesTo.Any(a =>
            string.Equals(a, m.Stage.ToString(), StringComparison.OrdinalIgnoreCase) ||
            (m.RuralCategory is { } c && string.Equals(a, c.ToString(), StringComparison.OrdinalIgnoreCase)));

    /// <summary>Refuses a change to a half-year the branch meeting has approved (and later froze), or to a closed year.</summary>
    private static async Task EnsureOpenAsync(MembersDbContext db, Guid branchId, DateOnly date, CancellationToken ct)
    {
        var half = date.Month <= 6 ? 1 : 2;
        var review = await db.Set<HalfYearReview>().AsNoTracking().FirstOrDefaultAsync(h => h.BranchId == branchId && h.Year == date.Year
            && h.Half == half, ct);
        if (review is { Status: not HalfYearStatus.FeedbackSent })
            throw DomainException.Conflict("points.half_year_frozen",
                $"{date.Year} 年{(half == 1 ? "上" : "下")}半年积分已经党员大会审议{(review.Status == HalfYearStatus.Frozen ? "并冻结" : "")}，不能再改动；如确需更正，" +
                $"请由县委组织部登记更正。");
        if (await db.Set<YearClose>().AnyAsync(c => c.BranchId == branchId && c.Year == date.Year, ct))
            throw DomainException.Conflict("points.year_closed", $"{date.Year} 年积分已完成年底综合评定，不能再改动。");
    }

    /// <summary>
    /// A correction adjusts its item the way the close counts it (<see cref="AnnualAssessmentRules"/>): a base item is all or
    /// nothing, so only ± its points, leaving it met or not met; a veto item stands or not, so −1 lifts it and +1 imposes it.
    /// </summary>
    private static async Task EnsureCorrectionFitsAsync(MembersDbContext db, PointsEntry original, decimal points, CancellationToken ct)
    {
        if (original.Kind is not (PointKind.Base or PointKind.Veto)) return;
        var item = (await db.Set<PointsEntry>().AsNoTracking()
                .Where(e => e.MemberId == original.MemberId && e.Year == original.Year && e.ItemCode == original.ItemCode
                    && e.Status == EntryStatus.Approved)
                .Select(e => new { e.Points, e.IsCorrection }).ToListAsync(ct))
            .Select(e => new ScoredEntry(original.ItemCode, original.Kind, e.Points, IsCorrection: e.IsCorrection)).ToList();
        if (original.Kind == PointKind.Base)
        {
            // What the item is worth, also when the entry corrected is itself a correction.
            var full = AnnualAssessmentRules.BaseItemPoints(item) is > 0 and var worth ? worth : Math.Abs(original.Points);
            var total = item.Sum(e => e.Points) + points;
            new Validator().Check(Math.Abs(points) == full, "points",
                $"基础项目“{original.ItemName}”达标即得全分：更正只能为 −{full:0.##}（改为未达标）或 +{full:0.##}（恢复达标）。").ThrowIfInvalid();
            if (total < 0 || total > full)
                throw DomainException.Conflict("points.correction_no_effect",
                    points < 0 ? $"基础项目“{original.ItemName}”已是未达标，无需再扣。" : $"基础项目“{original.ItemName}”已是达标，无需再加。");
            return;
        }
        new Validator().Check(points is 1 or -1, "points", "一票否决项的更正只能为 −1（撤销该项否决）或 +1（认定否决）。").ThrowIfInvalid();
        var weight = AnnualAssessmentRules.VetoWeight(item.Append(new ScoredEntry(original.ItemCode, PointKind.Veto, points,
            IsCorrection: true)));
        if (weight is < 0 or > 1)
            throw DomainException.Conflict("points.correction_no_effect",
                points < 0 ? $"“{original.ItemName}”的否决已撤销，无需再撤销。" : $"“{original.ItemName}”的否决已成立，无需再认定。");
    }

    /// <summary>
    /// An approved veto item is a veto everywhere, not only in this year's score. A sanction's veto entry is skipped: the
    /// sanction itself went through <see cref="Vetoes"/> when it was reported.
    /// </summary>
    private static async Task RecordVetoAsync(MembersDbContext db, System.Security.Claims.ClaimsPrincipal user, PointsEntry e,
        DateTimeOffset now, CancellationToken ct)
    {
        if (e.Kind != PointKind.Veto || e.Points < 0
            || e.OriginKey?.StartsWith(EntryOrigins.Sanction, StringComparison.Ordinal) == true) return;
        // A correction carries no origin: a county confirmation of a sanction's veto was recorded by the sanction already.
        if (e.ReversesEntryId is { } of && await db.Set<PointsEntry>()
            .AnyAsync(o => o.Id == of && o.OriginKey != null && o.OriginKey.StartsWith(EntryOrigins.Sanction), ct)) return;
        var member = await db.Set<Member>().FirstAsync(m => m.Id == e.MemberId, ct);
        Vetoes.Record(db, user, member, e.OccurredOn,
            $"积分一票否决项“{e.ItemName}”{(string.IsNullOrWhiteSpace(e.Description) ? "" : "：" + e.Description)}",
            $"points:{e.ItemCode}", now);
    }

    internal static async Task<PointsEntry> FindAsync(MembersDbContext db, OrgScope scope, Guid id, CancellationToken ct,
        bool tracking = true)
    {
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var q = tracking ? db.Set<PointsEntry>() : db.Set<PointsEntry>().AsNoTracking();
        return await q.FirstOrDefaultAsync(e => e.Id == id && e.OrgPath.StartsWith(prefix), ct)
            ?? throw DomainException.NotFound("points_entries");
    }

    /// <summary>A member's ledger for a year: every entry, the totals of the approved ones and the year-end result.</summary>
    public static async Task<LedgerResponse> LedgerAsync(MembersServices services, Guid memberId, int? year, CancellationToken ct)
    {
        var member = await MemberLookup.FindInScopeAsync(services.Db, services.Scope, memberId, ct, tracking: false);
        var y = year ?? services.Clock.Today().Year;
        var entries = await services.Db.Set<PointsEntry>().AsNoTracking().Where(e => e.MemberId == memberId && e.Year == y)
            .OrderBy(e => e.OccurredOn).ThenBy(e => e.Id).ToListAsync(ct);
        var score = AnnualAssessmentRules.Compute(entries.Where(e => e.Status == EntryStatus.Approved)
            .Select(e => new ScoredEntry(e.ItemCode, e.Kind, e.Points, e.CapPerYear, e.IsCorrection)));
        var assessment = await services.Db.Set<AnnualAssessment>().AsNoTracking()
            .FirstOrDefaultAsync(a => a.MemberId == memberId && a.Year == y, ct);
        return new LedgerResponse(member.Id, member.Name, y, score.Base, score.Contribution, score.Deduction, score.Vetoed,
            score.Score,
            entries.Count(e => e.Status == EntryStatus.Proposed), assessment, entries.Select(ToResponse).ToList());
    }
}
