using Microsoft.EntityFrameworkCore;
using Npgsql;
using Party.Common;
using Party.Members.Apis;
using Party.Members.Data;
using Party.Members.Domain.Development;
using Party.Members.Domain.Members;
using Party.Members.Domain.Points;
using Party.Persistence.Audit;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Idempotency;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.Members.Application;

/// <summary>
/// Half-year summary (半年汇总反馈公示): totals and feedback → appeals (申辩/问询) within the appeal days → every appeal
/// answered → branch general meeting approval → publication (公示) → frozen; each step audited.
/// </summary>
public static class HalfYearReviews
{
    public static async Task<HalfYearResponse> StartAsync(MembersServices services, StartHalfYearRequest q, CancellationToken ct)
    {
        new Validator()
            .Check(q.BranchId is not null, "branchId", "请指定党支部。")
            .Check(q.Year is >= 2000 and <= 2100, "year", "年度无效。")
            .Check(q.Half is 1 or 2, "half", "半年须为 1（上半年）或 2（下半年）。")
            .ThrowIfInvalid();
        var branch = await MemberLookup.UnitInScopeAsync(services.Db, services.Scope, q.BranchId!.Value, ct);
        var today = services.Clock.Today();
        var rules = await CountySettings.PointsRulesOnAsync(services.Db, today, ct);
        var (from, to) = AppealRules.HalfRange(q.Year!.Value, q.Half!.Value);
        var lastWindow = DeclarationWindow.For(to).LastEntryDay(rules.EntryGraceDays);
        if (today <= lastWindow)
            throw DomainException.Conflict("points.half_year_not_over", $"该半年最后一个申报窗口要到 {lastWindow:yyyy-MM-dd} 才关闭，之后才能汇总。");
        var pending = await services.Db.Set<PointsEntry>().CountAsync(e => e.BranchId == branch.Id && e.OccurredOn >= from
            && e.OccurredOn <= to && e.Status == EntryStatus.Proposed, ct);
        if (pending > 0)
            throw DomainException.Conflict("points.entries_pending", $"该半年还有 {pending} 条积分登记待审核，请先审核完毕再汇总反馈。");
        var now = services.Clock.GetUtcNow();
        var review = new HalfYearReview
        {
            Id = Guid.CreateVersion7(), BranchId = branch.Id, OrgPath = branch.Path, Year = q.Year.Value, Half = q.Half.Value,
            Status = HalfYearStatus.FeedbackSent,
            FeedbackSentOn = today, AppealDeadline = AppealRules.Deadline(today, rules.AppealDays), CreatedAt = now,
        };
        await using var tx = await services.Db.Database.BeginOrJoinTransactionAsync(ct);
        services.Db.Add(review);
        services.Db.Audit(services.User, now, AuditEntities.PointsHalfYear, review.Id, branch.Path, "feedback_sent",
            to: $"{review.Year}-H{review.Half}，申辩截止 {review.AppealDeadline:yyyy-MM-dd}");
        try { await services.Db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        { throw DomainException.Conflict("points.half_year_exists", "该支部这半年的积分已经汇总反馈过。"); }
        await ComputeTotalsAsync(services.Db, review, ct);
        await tx.CommitAsync(ct);
        return await ResponseAsync(services.Db, review, ct);
    }

    public static async Task<PointsAppeal> AppealAsync(MembersServices services, Guid id, FileAppealRequest q, CancellationToken ct)
    {
        new Validator()
            .Check(q.MemberId is not null, "memberId", "请指定提出申辩的党员。")
            .Check(!string.IsNullOrWhiteSpace(q.Text) && q.Text.Length <= 2000, "text", "申辩内容必填，最多 2000 字。")
            .ThrowIfInvalid();
        var review = await FindAsync(services.Db, services.Scope, id, ct);
        var member = await MemberLookup.FindInScopeAsync(services.Db, services.Scope, q.MemberId!.Value, ct, tracking: false);
        if (member.BranchId != review.BranchId) throw new DomainException("points.appeal_wrong_branch", "该党员不属于本次汇总的党支部。");
        var today = services.Clock.Today();
        if (review.Status != HalfYearStatus.FeedbackSent || today > review.AppealDeadline)
            throw new DomainException("points.appeal_deadline_passed", $"申辩期已于 {review.AppealDeadline:yyyy-MM-dd} 结束，不能再提出申辩。");
        var now = services.Clock.GetUtcNow();
        var appeal = new PointsAppeal { Id = Guid.CreateVersion7(), ReviewId = review.Id, MemberId = member.Id, OrgPath = review.OrgPath,
            FiledOn = today, Text = q.Text!.Trim(), CreatedAt = now };
        services.Db.Add(appeal);
        services.Db.Audit(services.User, now, AuditEntities.PointsAppeal, appeal.Id, review.OrgPath, "filed", to: appeal.Text);
        await services.Db.SaveChangesAsync(ct);
        return appeal;
    }

    public static async Task<PointsAppeal> AnswerAsync(MembersServices services, Guid id, AnswerAppealRequest q, CancellationToken ct)
    {
        new Validator().Check(!string.IsNullOrWhiteSpace(q.Answer) && q.Answer.Length <= 2000, "answer", "答复内容必填，最多 2000 字。")
            .ThrowIfInvalid();
        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        var appeal = await services.Db.Set<PointsAppeal>().FirstOrDefaultAsync(a => a.Id == id && a.OrgPath.StartsWith(prefix), ct)
            ?? throw DomainException.NotFound("points_appeals");
        if (appeal.Answer is not null) throw DomainException.Conflict("points.appeal_answered", "该申辩已经答复。");
        var now = services.Clock.GetUtcNow();
        appeal.Answer = q.Answer!.Trim();
        appeal.AnsweredOn = services.Clock.Today();
        appeal.AnsweredBy = services.User.Actor();
        services.Db.Audit(services.User, now, AuditEntities.PointsAppeal, appeal.Id, appeal.OrgPath, "answered", "open", "answered",
            appeal.Answer);
        await services.Db.SaveChangesAsync(ct);
        return appeal;
    }

    public static async Task<HalfYearResponse> ApproveAsync(MembersServices services, Guid id, ApproveHalfYearRequest q,
        CancellationToken ct)
    {
        new Validator()
            .Check(q.MeetingOn is not null, "meetingOn", "请填写党员大会日期。")
            .Check(q.Minutes is null || q.Minutes.Length <= 2000, "minutes", "会议记录摘要最多 2000 字。")
            .ThrowIfInvalid();
        var review = await FindAsync(services.Db, services.Scope, id, ct);
        var today = services.Clock.Today();
        Expect(review, HalfYearStatus.FeedbackSent, "审议");
        if (today <= review.AppealDeadline || q.MeetingOn <= review.AppealDeadline)
            throw DomainException.Conflict("points.appeal_period_open", $"申辩期到 {review.AppealDeadline:yyyy-MM-dd} 结束，党员大会须在此之后审议。");
        if (q.MeetingOn > today) throw new DomainException("points.date_in_future", "党员大会日期不能晚于今天。");
        var open = await services.Db.Set<PointsAppeal>().CountAsync(a => a.ReviewId == review.Id && a.Answer == null, ct);
        if (open > 0) throw DomainException.Conflict("points.appeals_unanswered", $"还有 {open} 条申辩未答复，答复后才能提交党员大会审议。");
        // An automatic entry (e.g. a sanction) that arrived during the appeal period is reviewed first: once the meeting has
        // approved, nobody could review it any more and it would block the year-end close for good.
        var (from, to) = AppealRules.HalfRange(review.Year, review.Half);
        var pending = await services.Db.Set<PointsEntry>().CountAsync(e => e.BranchId == review.BranchId && e.OccurredOn >= from
            && e.OccurredOn <= to && e.Status == EntryStatus.Proposed, ct);
        if (pending > 0)
            throw DomainException.Conflict("points.entries_pending", $"该半年还有 {pending} 条积分登记待审核（如反馈后到达的自动登记），请先审核完毕再提交党员大会审议。");
        var now = services.Clock.GetUtcNow();
        await using var tx = await services.Db.Database.BeginOrJoinTransactionAsync(ct);
        review.Status = HalfYearStatus.MeetingApproved;
        review.MeetingApprovedOn = q.MeetingOn;
        review.MeetingMinutes = q.Minutes?.Trim();
        services.Db.Audit(services.User, now, AuditEntities.PointsHalfYear, review.Id, review.OrgPath, "meeting_approved",
            nameof(HalfYearStatus.FeedbackSent), nameof(HalfYearStatus.MeetingApproved), q.Minutes);
        await services.Db.SaveChangesAsync(ct);
        // Totals as approved: county corrections made during the appeal period are included.
        await ComputeTotalsAsync(services.Db, review, ct);
        await tx.CommitAsync(ct);
        return await ResponseAsync(services.Db, review, ct);
    }

    public static async Task<HalfYearResponse> PublishAsync(MembersServices services, Guid id, CancellationToken ct)
    {
        var review = await FindAsync(services.Db, services.Scope, id, ct);
        Expect(review, HalfYearStatus.MeetingApproved, "公示");
        var today = services.Clock.Today();
        var settings = await CountySettings.MemberRulesOnAsync(services.Db, today, ct);
        var now = services.Clock.GetUtcNow();
        review.Status = HalfYearStatus.Published;
        review.PublishedOn = today;
        review.NoticeEndsOn = await WorkingCalendar.NoticeEndAsync(services.Db, review.OrgPath, today, settings.PublicNoticeWorkingDays,
            ct);
        services.Db.Audit(services.User, now, AuditEntities.PointsHalfYear, review.Id, review.OrgPath, "published",
            nameof(HalfYearStatus.MeetingApproved), nameof(HalfYearStatus.Published),
            $"公示至 {review.NoticeEndsOn:yyyy-MM-dd}");
        await services.Db.SaveChangesAsync(ct);
        return await ResponseAsync(services.Db, review, ct);
    }

    public static async Task<HalfYearResponse> FreezeAsync(MembersServices services, Guid id, CancellationToken ct)
    {
        var review = await FindAsync(services.Db, services.Scope, id, ct);
        Expect(review, HalfYearStatus.Published, "冻结");
        if (services.Clock.Today() <= review.NoticeEndsOn)
            throw DomainException.Conflict("points.notice_running", $"公示到 {review.NoticeEndsOn:yyyy-MM-dd} 结束，期满后才能冻结。");
        var now = services.Clock.GetUtcNow();
        review.Status = HalfYearStatus.Frozen;
        review.FrozenAt = now;
        services.Db.Audit(services.User, now, AuditEntities.PointsHalfYear, review.Id, review.OrgPath, "frozen",
            nameof(HalfYearStatus.Published), nameof(HalfYearStatus.Frozen));
        await services.Db.SaveChangesAsync(ct);
        return await ResponseAsync(services.Db, review, ct);
    }

    private static Task<int> ComputeTotalsAsync(MembersDbContext db, HalfYearReview r, CancellationToken ct)
    {
        var (from, to) = AppealRules.HalfRange(r.Year, r.Half);
        return db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO points_half_year_totals (review_id, member_id, contribution, deduction, base_met, vetoed, entries)
            SELECT {r.Id}, m.id,
                   COALESCE(SUM(e.points) FILTER (WHERE e.kind = 'Contribution'), 0),
                   COALESCE(SUM(e.points) FILTER (WHERE e.kind = 'Deduction'), 0),
                   COALESCE(SUM(e.points) FILTER (WHERE e.kind = 'Base'), 0),
                   COALESCE(SUM(CASE WHEN e.is_correction THEN e.points ELSE 1 END) FILTER (WHERE e.kind = 'Veto'), 0) > 0,
                   COUNT(e.id)
            FROM members m
            LEFT JOIN points_entries e ON e.member_id = m.id AND e.status = 'Approved' AND e.occurred_on BETWEEN {from} AND {to}
            WHERE m.branch_id = {r.BranchId} AND m.stage <> 'Applicant' AND m.status IN ('Active', 'Mobile', 'LostContact')
            GROUP BY m.id
            ON CONFLICT (review_id, member_id) DO UPDATE SET contribution = excluded.contribution, deduction = excluded.deduction,
                base_met = excluded.base_met, vetoed = excluded.vetoed, entries = excluded.entries
            """, ct);
    }

    internal static async Task<HalfYearResponse> ResponseAsync(MembersDbContext db, HalfYearReview r, CancellationToken ct) => new(r,
        await db.Set<HalfYearTotal>().AsNoTracking().Where(t => t.ReviewId == r.Id).OrderBy(t => t.MemberId).ToListAsync(ct),
        await db.Set<PointsAppeal>().AsNoTracking().Where(a => a.ReviewId == r.Id).OrderBy(a => a.CreatedAt).ToListAsync(ct));

    internal static async Task<HalfYearReview> FindAsync(MembersDbContext db, OrgScope scope, Guid id, CancellationToken ct)
    {
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        return await db.Set<HalfYearReview>().FirstOrDefaultAsync(r => r.Id == id && r.OrgPath.StartsWith(prefix), ct)
            ?? throw DomainException.NotFound("points_half_years");
    }

    private static void Expect(HalfYearReview r, HalfYearStatus status, string step)
    {
        if (r.Status != status)
            throw DomainException.Conflict("points.half_year_wrong_state", $"当前状态为 {r.Status}，不能{step}；顺序为：反馈 → 党员大会审议 → 公示 → 冻结。");
    }
}
