using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Party.Members.Application;
using Party.Members.Data;
using Party.Members.Domain.Development;
using Party.Members.Domain.Members;
using Party.Members.Domain.Points;
using Party.Messaging.Audit;
using Party.ServiceDefaults.Idempotency;
using Party.ServiceDefaults;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.Members.Apis;

public sealed record StartHalfYearRequest(Guid? BranchId, int? Year, int? Half);
public sealed record FileAppealRequest(Guid? MemberId, [FreeText] string? Text);
public sealed record AnswerAppealRequest([FreeText] string? Answer);
public sealed record ApproveHalfYearRequest(DateOnly? MeetingOn, [FreeText] string? Minutes = null);
public sealed record HalfYearResponse(HalfYearReview Review, IReadOnlyList<HalfYearTotal> Totals, IReadOnlyList<PointsAppeal> Appeals);

/// <summary>
/// Half-year summary (半年汇总反馈公示): totals and feedback → appeals (申辩/问询) within the appeal days →
/// every appeal answered → branch general meeting approval → publication (公示) → frozen.
/// </summary>
public static class PointsHalfYearApi
{
    public static IEndpointRouteBuilder MapPointsHalfYearApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/members/points").WithTags("Points").RequireRole(ApiSupport.OfficeRoles);
        g.MapPost("/half-years", Start).WithName("StartPointsHalfYear").WithSummary("支部汇总半年积分并逐人反馈，开始申辩期。");
        g.MapGet("/half-years/{id:guid}", Get).WithName("GetPointsHalfYear").WithSummary("半年汇总：合计、申辩与答复、审议公示冻结状态。");
        g.MapGet("/half-years", List).WithName("ListPointsHalfYears").WithSummary("分页列出半年汇总。");
        g.MapPost("/half-years/{id:guid}/appeals", Appeal).WithName("FilePointsAppeal").WithSummary("党员在反馈后规定天数内提出申辩或问询。");
        g.MapPost("/appeals/{id:guid}/answer", Answer).WithName("AnswerPointsAppeal").WithSummary("支部答复申辩。");
        g.MapPost("/half-years/{id:guid}/approve", Approve).WithName("ApprovePointsHalfYear").WithSummary("党员大会审议通过（申辩期已过且每条申辩均已答复）。");
        g.MapPost("/half-years/{id:guid}/publish", Publish).WithName("PublishPointsHalfYear").WithSummary("公示半年积分。");
        g.MapPost("/half-years/{id:guid}/freeze", Freeze).WithName("FreezePointsHalfYear").WithSummary("公示期满后冻结：此后只能由县委组织部登记更正。");
        return app;
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

    private static async Task<Created<HalfYearResponse>> Start(StartHalfYearRequest q, MembersDbContext db, OrgScope scope, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        new Validator()
            .Check(q.BranchId is not null, "branchId", "请指定党支部。")
            .Check(q.Year is >= 2000 and <= 2100, "year", "年度无效。")
            .Check(q.Half is 1 or 2, "half", "半年须为 1（上半年）或 2（下半年）。")
            .ThrowIfInvalid();
        var branch = await MemberLookup.UnitInScopeAsync(db, scope, q.BranchId!.Value, ct);
        var today = clock.Today();
        var rules = await CountySettings.PointsRulesOnAsync(db, today, ct);
        var (from, to) = AppealRules.HalfRange(q.Year!.Value, q.Half!.Value);
        var lastWindow = DeclarationWindow.For(to).LastEntryDay(rules.EntryGraceDays);
        if (today <= lastWindow)
            throw DomainException.Conflict("points.half_year_not_over", $"该半年最后一个申报窗口要到 {lastWindow:yyyy-MM-dd} 才关闭，之后才能汇总。");
        var pending = await db.Set<PointsEntry>().CountAsync(e => e.BranchId == branch.Id && e.OccurredOn >= from && e.OccurredOn <= to && e.Status == EntryStatus.Proposed, ct);
        if (pending > 0)
            throw DomainException.Conflict("points.entries_pending", $"该半年还有 {pending} 条积分登记待审核，请先审核完毕再汇总反馈。");
        var now = clock.GetUtcNow();
        var review = new HalfYearReview
        {
            Id = Guid.CreateVersion7(), BranchId = branch.Id, OrgPath = branch.Path, Year = q.Year.Value, Half = q.Half.Value, Status = HalfYearStatus.FeedbackSent,
            FeedbackSentOn = today, AppealDeadline = AppealRules.Deadline(today, rules.AppealDays), CreatedAt = now,
        };
        await using var tx = await db.Database.BeginOrJoinTransactionAsync(ct);
        db.Add(review);
        db.Audit(http.User, now, AuditEntities.PointsHalfYear, review.Id, branch.Path, "feedback_sent", to: $"{review.Year}-H{review.Half}，申辩截止 {review.AppealDeadline:yyyy-MM-dd}");
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        { throw DomainException.Conflict("points.half_year_exists", "该支部这半年的积分已经汇总反馈过。"); }
        await ComputeTotalsAsync(db, review, ct);
        await tx.CommitAsync(ct);
        return TypedResults.Created($"/api/members/points/half-years/{review.Id}", await ResponseAsync(db, review, ct));
    }

    private static async Task<HalfYearResponse> ResponseAsync(MembersDbContext db, HalfYearReview r, CancellationToken ct) => new(r,
        await db.Set<HalfYearTotal>().AsNoTracking().Where(t => t.ReviewId == r.Id).OrderBy(t => t.MemberId).ToListAsync(ct),
        await db.Set<PointsAppeal>().AsNoTracking().Where(a => a.ReviewId == r.Id).OrderBy(a => a.CreatedAt).ToListAsync(ct));

    private static async Task<HalfYearReview> FindAsync(MembersDbContext db, OrgScope scope, Guid id, CancellationToken ct)
    {
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        return await db.Set<HalfYearReview>().FirstOrDefaultAsync(r => r.Id == id && r.OrgPath.StartsWith(prefix), ct) ?? throw DomainException.NotFound("points_half_years");
    }

    private static async Task<Ok<HalfYearResponse>> Get(Guid id, MembersDbContext db, OrgScope scope, CancellationToken ct) =>
        TypedResults.Ok(await ResponseAsync(db, await FindAsync(db, scope, id, ct), ct));

    private static async Task<Ok<Page<HalfYearReview>>> List(Guid? branchId, int? year, int? page, int? pageSize, MembersDbContext db, OrgScope scope, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var q = db.Set<HalfYearReview>().AsNoTracking().Where(r => r.OrgPath.StartsWith(prefix));
        if (branchId is not null) q = q.Where(r => r.BranchId == branchId);
        if (year is not null) q = q.Where(r => r.Year == year);
        return TypedResults.Ok(await q.OrderBy(r => r.Year).ThenBy(r => r.Half).ThenBy(r => r.Id).ToPageAsync(paging, ct));
    }

    private static async Task<Created<PointsAppeal>> Appeal(Guid id, FileAppealRequest q, MembersDbContext db, OrgScope scope, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        new Validator()
            .Check(q.MemberId is not null, "memberId", "请指定提出申辩的党员。")
            .Check(!string.IsNullOrWhiteSpace(q.Text) && q.Text.Length <= 2000, "text", "申辩内容必填，最多 2000 字。")
            .ThrowIfInvalid();
        var review = await FindAsync(db, scope, id, ct);
        var member = await MemberLookup.FindInScopeAsync(db, scope, q.MemberId!.Value, ct, tracking: false);
        if (member.BranchId != review.BranchId) throw new DomainException("points.appeal_wrong_branch", "该党员不属于本次汇总的党支部。");
        var today = clock.Today();
        if (review.Status != HalfYearStatus.FeedbackSent || today > review.AppealDeadline)
            throw new DomainException("points.appeal_deadline_passed", $"申辩期已于 {review.AppealDeadline:yyyy-MM-dd} 结束，不能再提出申辩。");
        var now = clock.GetUtcNow();
        var appeal = new PointsAppeal { Id = Guid.CreateVersion7(), ReviewId = review.Id, MemberId = member.Id, OrgPath = review.OrgPath, FiledOn = today, Text = q.Text!.Trim(), CreatedAt = now };
        db.Add(appeal);
        db.Audit(http.User, now, AuditEntities.PointsAppeal, appeal.Id, review.OrgPath, "filed", to: appeal.Text);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/members/points/appeals/{appeal.Id}", appeal);
    }

    private static async Task<Ok<PointsAppeal>> Answer(Guid id, AnswerAppealRequest q, MembersDbContext db, OrgScope scope, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        new Validator().Check(!string.IsNullOrWhiteSpace(q.Answer) && q.Answer.Length <= 2000, "answer", "答复内容必填，最多 2000 字。").ThrowIfInvalid();
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var appeal = await db.Set<PointsAppeal>().FirstOrDefaultAsync(a => a.Id == id && a.OrgPath.StartsWith(prefix), ct) ?? throw DomainException.NotFound("points_appeals");
        if (appeal.Answer is not null) throw DomainException.Conflict("points.appeal_answered", "该申辩已经答复。");
        var now = clock.GetUtcNow();
        appeal.Answer = q.Answer!.Trim();
        appeal.AnsweredOn = clock.Today();
        appeal.AnsweredBy = http.User.Actor();
        db.Audit(http.User, now, AuditEntities.PointsAppeal, appeal.Id, appeal.OrgPath, "answered", "open", "answered", appeal.Answer);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(appeal);
    }

    private static async Task<Ok<HalfYearResponse>> Approve(Guid id, ApproveHalfYearRequest q, MembersDbContext db, OrgScope scope, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        new Validator()
            .Check(q.MeetingOn is not null, "meetingOn", "请填写党员大会日期。")
            .Check(q.Minutes is null || q.Minutes.Length <= 2000, "minutes", "会议记录摘要最多 2000 字。")
            .ThrowIfInvalid();
        var review = await FindAsync(db, scope, id, ct);
        var today = clock.Today();
        Expect(review, HalfYearStatus.FeedbackSent, "审议");
        if (today <= review.AppealDeadline || q.MeetingOn <= review.AppealDeadline)
            throw DomainException.Conflict("points.appeal_period_open", $"申辩期到 {review.AppealDeadline:yyyy-MM-dd} 结束，党员大会须在此之后审议。");
        if (q.MeetingOn > today) throw new DomainException("points.date_in_future", "党员大会日期不能晚于今天。");
        var open = await db.Set<PointsAppeal>().CountAsync(a => a.ReviewId == review.Id && a.Answer == null, ct);
        if (open > 0) throw DomainException.Conflict("points.appeals_unanswered", $"还有 {open} 条申辩未答复，答复后才能提交党员大会审议。");
        // An automatic entry (e.g. a sanction) that arrived during the appeal period is reviewed first: once the meeting has
        // approved, nobody could review it any more and it would block the year-end close for good.
        var (from, to) = AppealRules.HalfRange(review.Year, review.Half);
        var pending = await db.Set<PointsEntry>().CountAsync(e => e.BranchId == review.BranchId && e.OccurredOn >= from && e.OccurredOn <= to && e.Status == EntryStatus.Proposed, ct);
        if (pending > 0)
            throw DomainException.Conflict("points.entries_pending", $"该半年还有 {pending} 条积分登记待审核（如反馈后到达的自动登记），请先审核完毕再提交党员大会审议。");
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginOrJoinTransactionAsync(ct);
        review.Status = HalfYearStatus.MeetingApproved;
        review.MeetingApprovedOn = q.MeetingOn;
        review.MeetingMinutes = q.Minutes?.Trim();
        db.Audit(http.User, now, AuditEntities.PointsHalfYear, review.Id, review.OrgPath, "meeting_approved", nameof(HalfYearStatus.FeedbackSent), nameof(HalfYearStatus.MeetingApproved), q.Minutes);
        await db.SaveChangesAsync(ct);
        // Totals as approved: county corrections made during the appeal period are included.
        await ComputeTotalsAsync(db, review, ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(await ResponseAsync(db, review, ct));
    }

    private static async Task<Ok<HalfYearResponse>> Publish(Guid id, MembersDbContext db, OrgScope scope, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var review = await FindAsync(db, scope, id, ct);
        Expect(review, HalfYearStatus.MeetingApproved, "公示");
        var today = clock.Today();
        var settings = await CountySettings.MemberRulesOnAsync(db, today, ct);
        var now = clock.GetUtcNow();
        review.Status = HalfYearStatus.Published;
        review.PublishedOn = today;
        review.NoticeEndsOn = await WorkingCalendar.NoticeEndAsync(db, review.OrgPath, today, settings.PublicNoticeWorkingDays, ct);
        db.Audit(http.User, now, AuditEntities.PointsHalfYear, review.Id, review.OrgPath, "published", nameof(HalfYearStatus.MeetingApproved), nameof(HalfYearStatus.Published),
            $"公示至 {review.NoticeEndsOn:yyyy-MM-dd}");
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ResponseAsync(db, review, ct));
    }

    private static async Task<Ok<HalfYearResponse>> Freeze(Guid id, MembersDbContext db, OrgScope scope, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var review = await FindAsync(db, scope, id, ct);
        Expect(review, HalfYearStatus.Published, "冻结");
        if (clock.Today() <= review.NoticeEndsOn)
            throw DomainException.Conflict("points.notice_running", $"公示到 {review.NoticeEndsOn:yyyy-MM-dd} 结束，期满后才能冻结。");
        var now = clock.GetUtcNow();
        review.Status = HalfYearStatus.Frozen;
        review.FrozenAt = now;
        db.Audit(http.User, now, AuditEntities.PointsHalfYear, review.Id, review.OrgPath, "frozen", nameof(HalfYearStatus.Published), nameof(HalfYearStatus.Frozen));
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ResponseAsync(db, review, ct));
    }

    private static void Expect(HalfYearReview r, HalfYearStatus status, string step)
    {
        if (r.Status != status)
            throw DomainException.Conflict("points.half_year_wrong_state", $"当前状态为 {r.Status}，不能{step}；顺序为：反馈 → 党员大会审议 → 公示 → 冻结。");
    }
}
