using Microsoft.EntityFrameworkCore;
using Party.Common;
using Party.Honors.Apis;
using Party.Honors.Data;
using Party.Honors.Domain.HonorTypes;
using Party.Honors.Domain.Nominations;
using Party.Messaging;
using Party.Persistence.Audit;
using Party.Persistence.Calendar;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;

namespace Party.Honors.Application;

/// <summary>
/// The steps of a nomination after it is made (SPEC §6.3): joint-review opinions, county approval that opens the public
/// notice (公示), rejection, and objections filed and resolved during the notice. Each is audited and saved.
/// </summary>
public static class NominationDecisions
{
    public static async Task<Nomination> GiveOpinionAsync(HonorsServices services, Guid id, Verdict verdict, string comment,
        CancellationToken ct)
    {
        var (db, _, http, clock, _) = services;
        var subject = http.User.Actor();
        // A client registered in identity names its bureau in the token; the seeded client ids (and development tokens) are looked up.
        var unit = Catalog.UnitOfBureau(http.User.FindFirst(PartyClaims.Bureau)?.Value)
            ?? await db.ReviewingClients.AsNoTracking().Where(c => c.Subject == subject).Select(c => (ReviewingUnit?)c.Unit)
                .FirstOrDefaultAsync(ct)
            ?? throw new DomainException("honors.reviewer_unknown", $"调用方“{subject}”未登记为联审单位，请联系县委组织部登记。", 403);
        var nomination = await NominationViews.FindAsync(services, id, ct);
        var required = await NominationViews.RequiredReviewersAsync(db, nomination, ct);
        if (!required.Contains(unit))
            throw new DomainException("honors.reviewer_not_required", $"“{unit.ChineseName()}”不是该荣誉类别的联审单位。", 422);
        if (nomination.Status != NominationStatus.UnderReview)
            throw DomainException.Conflict("honors.not_under_review", "该推荐已不在联审阶段，不能再提交意见。");
        var now = clock.GetUtcNow();
        var latest = await db.ReviewOpinions.AsNoTracking().Where(o => o.NominationId == id && o.Unit == unit)
            .OrderByDescending(o => o.GivenAt).ThenByDescending(o => o.Id).FirstOrDefaultAsync(ct);
        // The unit's opinion on the nomination is the natural key: the same opinion sent again (another Idempotency-Key)
        // is the one already recorded, not a second one; a different opinion replaces it (e.g. an objection withdrawn).
        if (latest is not null && latest.Verdict == verdict && latest.Comment == comment)
            return nomination;
        var previous = latest?.Verdict;
        db.ReviewOpinions.Add(new ReviewOpinion
        {
            Id = Guid.CreateVersion7(), NominationId = id, Unit = unit, Verdict = verdict, Comment = comment,
            GivenBy = subject, GivenAt = now,
        });
        db.Audit(http.User, now, "nomination", id, nomination.OrgPath, $"opinion:{unit.Wire()}", previous?.Wire(), verdict.Wire(), comment);
        await db.SaveAsync(ct);
        return nomination;
    }

    private static async Task<Dictionary<ReviewingUnit, Verdict>> LatestOpinionsAsync(HonorsDbContext db, Guid id, CancellationToken ct) =>
        (await db.ReviewOpinions.AsNoTracking().Where(o => o.NominationId == id).OrderBy(o => o.GivenAt).ThenBy(o => o.Id).ToListAsync(ct))
            .GroupBy(o => o.Unit).ToDictionary(g => g.Key, g => g.Last().Verdict);

    public static async Task<Nomination> ApproveAsync(HonorsServices services, Guid id, CancellationToken ct)
    {
        var (db, _, http, clock, _) = services;
        var nomination = await NominationViews.FindAsync(services, id, ct);
        var required = await NominationViews.RequiredReviewersAsync(db, nomination, ct);
        var blockers = Workflow.ApprovalBlockers(nomination.Status, required, await LatestOpinionsAsync(db, id, ct));
        if (blockers.Count > 0) throw ApiSupport.Refuse("honors.approval_blocked", "暂不能审批：", blockers);
        var now = clock.GetUtcNow();
        var today = BusinessDate.Of(now);
        var settings = await db.SettingsAsync(today, ct);
        nomination.Status = NominationStatus.OnNotice;
        var notice = await db.NoticeAsync(nomination.OrgPath, today, settings.NoticeWorkingDays, ct);
        nomination.NoticeStartsOn = notice.StartsOn;
        nomination.NoticeEndsOn = notice.EndsOn;
        db.Audit(http.User, now, "nomination", id, nomination.OrgPath, "approved", NominationStatus.UnderReview.Wire(),
            NominationStatus.OnNotice.Wire(), $"公示 {nomination.NoticeStartsOn:yyyy-MM-dd} 至 {nomination.NoticeEndsOn:yyyy-MM-dd}");
        await db.SaveAsync(ct);
        return nomination;
    }

    public static async Task<Nomination> RejectAsync(HonorsServices services, Guid id, string reason, CancellationToken ct)
    {
        var (db, _, http, clock, _) = services;
        var nomination = await NominationViews.FindAsync(services, id, ct);
        if (nomination.Status is NominationStatus.Awarded or NominationStatus.Rejected)
            throw DomainException.Conflict("honors.already_decided", "该推荐已办结，不能再改变结论；已授予的荣誉请走复核撤销。");
        var now = clock.GetUtcNow();
        var from = nomination.Status;
        nomination.Status = NominationStatus.Rejected;
        nomination.RejectionReason = reason;
        db.Audit(http.User, now, "nomination", id, nomination.OrgPath, "rejected", from.Wire(), NominationStatus.Rejected.Wire(),
            nomination.RejectionReason);
        await db.SaveAsync(ct);
        return nomination;
    }

    public static async Task<NoticeObjection> FileObjectionAsync(HonorsServices services, Guid id, string content, CancellationToken ct)
    {
        var (db, _, http, clock, _) = services;
        var nomination = await NominationViews.FindAsync(services, id, ct);
        var now = clock.GetUtcNow();
        if (!Workflow.MayObject(nomination.Status, nomination.NoticeEndsOn, BusinessDate.Of(now)))
            throw DomainException.Conflict("honors.notice_not_open", "该推荐不在公示期内，不能提出公示异议。");
        var objection = new NoticeObjection
        {
            Id = Guid.CreateVersion7(), NominationId = id, Content = content, FiledBy = http.User.Actor(), FiledAt = now,
        };
        db.NoticeObjections.Add(objection);
        db.Audit(http.User, now, "nomination", id, nomination.OrgPath, "objection_filed", null, "open", objection.Content);
        await db.SaveAsync(ct);
        return objection;
    }

    /// <summary>An upheld objection rejects a nomination still on notice; a dismissed one lets it go on.</summary>
    public static async Task<NoticeObjection> ResolveObjectionAsync(HonorsServices services, Guid id, Guid objectionId, bool upheld,
        string resolution, CancellationToken ct)
    {
        var (db, _, http, clock, _) = services;
        var nomination = await NominationViews.FindAsync(services, id, ct);
        var objection = await db.NoticeObjections.FirstOrDefaultAsync(o => o.Id == objectionId && o.NominationId == id, ct)
            ?? throw DomainException.NotFound("objections");
        if (objection.Upheld is not null) throw DomainException.Conflict("honors.objection_resolved", "该异议已处理。");
        var now = clock.GetUtcNow();
        objection.Upheld = upheld;
        objection.Resolution = resolution;
        objection.ResolvedAt = now;
        db.Audit(http.User, now, "nomination", id, nomination.OrgPath, "objection_resolved", "open", upheld ? "upheld" : "dismissed",
            objection.Resolution);
        if (upheld && nomination.Status == NominationStatus.OnNotice)
        {
            nomination.Status = NominationStatus.Rejected;
            nomination.RejectionReason = $"公示异议成立：{objection.Resolution}";
            db.Audit(http.User, now, "nomination", id, nomination.OrgPath, "rejected", NominationStatus.OnNotice.Wire(),
                NominationStatus.Rejected.Wire(), nomination.RejectionReason);
        }
        await db.SaveAsync(ct);
        return objection;
    }
}
