using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Party.Common;
using Party.Contracts.Members;
using Party.Members.Apis;
using Party.Members.Data;
using Party.Members.Domain.Development;
using Party.Members.Domain.Identity;
using Party.Members.Domain.Members;
using Party.Persistence;
using Party.Persistence.Audit;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.Members.Application;

/// <summary>
/// The steps of the development pipeline (发展党员, §3.2): each guard input is recorded by its own command and each transition
/// is refused with the guard that blocks it; every step is audited and answers with the pipeline as it now stands.
/// </summary>
public static class DevelopmentSteps
{
    public static async Task<DevelopmentResponse> RecordRecommendationAsync(MembersServices services, Guid id, RecommendationRequest r,
        CancellationToken ct)
    {
        var today = services.Clock.Today();
        new Validator()
            .Check(r.Kind is not null, "kind", "请选择推荐方式：党员推荐（partyMembers）或群团推优（massOrganization）。")
            .Check(r.On is { } on && on <= today, "on", "请填写推荐日期，且不能晚于今天。")
            .Check((r.Note?.Length ?? 0) <= 1000, "note", "说明最多 1000 字。")
            .ThrowIfInvalid();
        var (member, record) = await LoadAsync(services, id, ct);
        EnsureStage(member, MemberStage.Applicant, "登记推荐");
        record.Recommendation = r.Kind;
        record.RecommendedOn = r.On;
        record.RecommendationNote = r.Note;
        Audit(services, member, "recommendation_recorded", to: $"{r.Kind} {r.On:yyyy-MM-dd}", reason: r.Note);
        return await SaveAndDescribeAsync(services.Db, member, today, ct);
    }

    public static async Task<DevelopmentResponse> RecordAppraisalsAsync(MembersServices services, Guid id, AppraisalsRequest r,
        CancellationToken ct)
    {
        var today = services.Clock.Today();
        new Validator()
            .Check(r.MemberAppraisalOn is not null || r.PublicAppraisalOn is not null, "memberAppraisalOn", "请至少登记一项评议。")
            .Check(r.MemberAppraisalOn is null || (r.MemberAppraisalOn <= today && !string.IsNullOrWhiteSpace(r.MemberAppraisal)),
                "memberAppraisal", "党员评议须有日期（不晚于今天）和意见。")
            .Check(r.PublicAppraisalOn is null || (r.PublicAppraisalOn <= today && !string.IsNullOrWhiteSpace(r.PublicAppraisal)),
                "publicAppraisal", "群众评议须有日期（不晚于今天）和意见。")
            .Check((r.MemberAppraisal?.Length ?? 0) <= 2000 && (r.PublicAppraisal?.Length ?? 0) <= 2000, "memberAppraisal",
                "评议意见最多 2000 字。")
            .ThrowIfInvalid();
        var (member, record) = await LoadAsync(services, id, ct);
        EnsureStage(member, MemberStage.Activist, "登记评议");
        if (r.MemberAppraisalOn is not null)
        {
            record.MemberAppraisalOn = r.MemberAppraisalOn;
            record.MemberAppraisal = r.MemberAppraisal!.Trim();
        }
        if (r.PublicAppraisalOn is not null)
        {
            record.PublicAppraisalOn = r.PublicAppraisalOn;
            record.PublicAppraisal = r.PublicAppraisal!.Trim();
        }
        Audit(services, member, "appraisals_recorded",
            to: $"党员评议 {record.MemberAppraisalOn:yyyy-MM-dd}；群众评议 {record.PublicAppraisalOn:yyyy-MM-dd}");
        return await SaveAndDescribeAsync(services.Db, member, today, ct);
    }

    public static async Task<DevelopmentResponse> RecordPoliticalReviewAsync(MembersServices services, Guid id, PoliticalReviewRequest r,
        CancellationToken ct)
    {
        var today = services.Clock.Today();
        new Validator()
            .Check(r.Passed is not null, "passed", "请填写政审结论（是否合格）。")
            .Check(r.On is { } on && on <= today, "on", "请填写政审日期，且不能晚于今天。")
            .Check((r.Note?.Length ?? 0) <= 2000, "note", "说明最多 2000 字。")
            .ThrowIfInvalid();
        var (member, record) = await LoadAsync(services, id, ct);
        EnsureStage(member, MemberStage.Candidate, "登记政审");
        record.PoliticalReviewPassed = r.Passed;
        record.PoliticalReviewOn = r.On;
        record.PoliticalReviewNote = r.Note;
        Audit(services, member, "political_review_recorded", to: r.Passed == true ? "passed" : "failed", reason: r.Note);
        return await SaveAndDescribeAsync(services.Db, member, today, ct);
    }

    public static async Task<DevelopmentResponse> AddIntroducerAsync(MembersServices services, Guid id, IntroducerRequest r,
        CancellationToken ct)
    {
        new Validator().Check(r.IntroducerId is not null, "introducerId", "请选择入党介绍人。").ThrowIfInvalid();
        var (member, _) = await LoadAsync(services, id, ct);
        EnsureStage(member, MemberStage.Candidate, "登记入党介绍人");
        if (r.IntroducerId == member.Id) throw new DomainException("development.introducer_self", "不能作自己的入党介绍人。");
        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        var introducer = await services.Db.Set<Member>().AsNoTracking()
            .FirstOrDefaultAsync(m => m.Id == r.IntroducerId && m.OrgPath.StartsWith(prefix), ct)
            ?? throw DomainException.NotFound("members.introducer");
        if (introducer.Stage != MemberStage.Full || introducer.Status is not (MemberStatus.Active or MemberStatus.Mobile))
            throw new DomainException("development.introducer_not_full_member", $"{introducer.Name}不是在册正式党员，不能作入党介绍人。");
        var introducers = services.Db.Set<Introducer>();
        if (await introducers.AnyAsync(i => i.MemberId == member.Id && i.IntroducerId == introducer.Id, ct))
            throw DomainException.Conflict("development.introducer_duplicate", $"{introducer.Name}已登记为入党介绍人。");
        if (await introducers.CountAsync(i => i.MemberId == member.Id, ct) >= DevelopmentGuards.RequiredIntroducers)
            throw DomainException.Conflict("development.introducers_full", "已登记 2 名入党介绍人。");
        var now = services.Clock.GetUtcNow();
        introducers.Add(new Introducer { MemberId = member.Id, IntroducerId = introducer.Id, RecordedAt = now });
        Audit(services, member, "introducer_added", to: $"{introducer.Id} {introducer.Name}");
        return await SaveAndDescribeAsync(services.Db, member, services.Clock.Today(), ct);
    }

    public static async Task<DevelopmentResponse> RecordVoteAsync(MembersServices services, Guid id, VoteRequest r, CancellationToken ct)
    {
        var today = services.Clock.Today();
        new Validator()
            .Check(r.Purpose is not null, "purpose", "请选择表决事项：admission（接收预备党员）或 fullMembership（转正）。")
            .Check(r.HeldOn is { } on && on <= today, "heldOn", "请填写支部大会日期，且不能晚于今天。")
            .Check(r.EntitledToVote is > 0, "entitledToVote", "有表决权的正式党员人数须大于 0。")
            .Check(r.Yes is >= 0, "yes", "赞成票数须填写且不小于 0。")
            .Check(r.No is >= 0, "no", "反对票数须填写且不小于 0。")
            .Check(r.Abstain is >= 0, "abstain", "弃权票数须填写且不小于 0。")
            .Check(r.EntitledToVote is null || (r.Yes ?? 0) + (r.No ?? 0) + (r.Abstain ?? 0) <= r.EntitledToVote, "yes",
                "赞成、反对、弃权票数之和不能超过有表决权人数。")
            .ThrowIfInvalid();
        var (member, _) = await LoadAsync(services, id, ct);
        EnsureStage(member, r.Purpose == VotePurpose.Admission ? MemberStage.Candidate : MemberStage.Probationary, "登记表决");
        var vote = new DevelopmentVote
        {
            Id = Guid.CreateVersion7(), MemberId = member.Id, Purpose = r.Purpose!.Value, HeldOn = r.HeldOn!.Value,
            EntitledToVote = r.EntitledToVote!.Value,
            Yes = r.Yes!.Value, No = r.No!.Value, Abstain = r.Abstain!.Value, RecordedAt = services.Clock.GetUtcNow(),
        };
        services.Db.Set<DevelopmentVote>().Add(vote);
        Audit(services, member, "vote_recorded",
            to: $"{vote.Purpose} {vote.HeldOn:yyyy-MM-dd} 应到{vote.EntitledToVote} 赞成{vote.Yes} 反对{vote.No} " +
            $"弃权{vote.Abstain} {(vote.Counts.Passed ? "通过" : "未通过")}");
        return await SaveAndDescribeAsync(services.Db, member, today, ct);
    }

    public static async Task<DevelopmentResponse> StartNoticeAsync(MembersServices services, Guid id, PublicNoticeRequest r,
        CancellationToken ct)
    {
        var today = services.Clock.Today();
        new Validator()
            .Check(r.StartsOn is not null, "startsOn", "请填写公示开始日期。")
            .Check((r.Content?.Length ?? 0) <= 2000, "content", "公示内容最多 2000 字。")
            .ThrowIfInvalid();
        var (member, _) = await LoadAsync(services, id, ct);
        EnsureStage(member, MemberStage.Candidate, "发布公示");
        var settings = await CountySettings.MemberRulesOnAsync(services.Db, r.StartsOn!.Value, ct);
        var notice = new PublicNotice
        {
            Id = Guid.CreateVersion7(), MemberId = member.Id, StartsOn = r.StartsOn.Value,
            EndsOn = await WorkingCalendar.NoticeEndAsync(services.Db, member.OrgPath, r.StartsOn.Value, settings.PublicNoticeWorkingDays,
            ct),
            Content = r.Content, RecordedAt = services.Clock.GetUtcNow(),
        };
        services.Db.Set<PublicNotice>().Add(notice);
        Audit(services, member, "notice_started", to: $"{notice.StartsOn:yyyy-MM-dd}–{notice.EndsOn:yyyy-MM-dd}");
        return await SaveAndDescribeAsync(services.Db, member, today, ct);
    }

    public static async Task<DevelopmentResponse> FileObjectionAsync(MembersServices services, Guid id, Guid noticeId, ObjectionRequest r,
        CancellationToken ct)
    {
        var today = services.Clock.Today();
        new Validator()
            .Check(!string.IsNullOrWhiteSpace(r.FiledBy) && r.FiledBy.Length <= 100, "filedBy", "请填写异议人（最多 100 字）。")
            .Check(!string.IsNullOrWhiteSpace(r.Content) && r.Content.Length <= 2000, "content", "请填写异议内容（最多 2000 字）。")
            .ThrowIfInvalid();
        var (member, _) = await LoadAsync(services, id, ct);
        var notice = await services.Db.Set<PublicNotice>().FirstOrDefaultAsync(n => n.Id == noticeId && n.MemberId == member.Id, ct)
            ?? throw DomainException.NotFound("development.notice");
        var filedOn = r.FiledOn ?? today;
        if (filedOn < notice.StartsOn || filedOn > notice.EndsOn || filedOn > today)
            throw new DomainException("development.objection_outside_notice",
                $"异议须在公示期内（{notice.StartsOn:yyyy-MM-dd} 至 {notice.EndsOn:yyyy-MM-dd}）提出。");
        var objection = new NoticeObjection
        {
            Id = Guid.CreateVersion7(), NoticeId = notice.Id, MemberId = member.Id, FiledOn = filedOn, FiledBy = r.FiledBy!.Trim(),
            Content = r.Content!.Trim(),
        };
        services.Db.Set<NoticeObjection>().Add(objection);
        Audit(services, member, "objection_filed", to: objection.Id.ToString(), reason: objection.Content);
        return await SaveAndDescribeAsync(services.Db, member, today, ct);
    }

    public static async Task<DevelopmentResponse> ResolveObjectionAsync(MembersServices services, Guid id, Guid objectionId,
        ResolveObjectionRequest r, CancellationToken ct)
    {
        new Validator().Check(!string.IsNullOrWhiteSpace(r.Resolution) && r.Resolution.Length <= 2000, "resolution", "请填写办理结果（最多 2000 字）。")
            .ThrowIfInvalid();
        var (member, _) = await LoadAsync(services, id, ct);
        var objection = await services.Db.Set<NoticeObjection>().FirstOrDefaultAsync(o => o.Id == objectionId && o.MemberId == member.Id,
            ct)
            ?? throw DomainException.NotFound("development.objection");
        if (!objection.IsOpen) throw DomainException.Conflict("development.objection_resolved", "该异议已办结。");
        var today = services.Clock.Today();
        objection.ResolvedOn = today;
        objection.Resolution = r.Resolution!.Trim();
        Audit(services, member, "objection_resolved", "open", "resolved", objection.Resolution);
        return await SaveAndDescribeAsync(services.Db, member, today, ct);
    }

    /// <summary>One step of the pipeline (activist, candidate, probationary, full) once its guards allow it.</summary>
    public static async Task<DevelopmentResponse> TransitionAsync(MembersServices services, Guid id, TransitionRequest r,
        MemberStage target, CancellationToken ct)
    {
        var today = services.Clock.Today();
        var on = r.On ?? today;
        new Validator()
            .Check(on <= today, "on", "日期不能晚于今天。")
            .Check((r.Reason?.Length ?? 0) <= 1000, "reason", "说明最多 1000 字。")
            .ThrowIfInvalid();
        var (member, _) = await LoadAsync(services, id, ct);
        services.Db.ApplyIfMatch(member, services.Http.Request);
        var facts = await DevelopmentState.FactsAsync(services.Db, member, ct);
        var failure = target switch
        {
            MemberStage.Activist => DevelopmentGuards.ToActivist(facts, on),
            MemberStage.Candidate => DevelopmentGuards.ToCandidate(facts, on),
            MemberStage.Probationary => DevelopmentGuards.ToProbationary(facts, on),
            _ => DevelopmentGuards.ToFull(facts, on),
        };
        if (failure is not null) throw Refused(failure);

        var from = member.Stage;
        member.Stage = target;
        switch (target)
        {
            case MemberStage.Activist: member.ActivistOn = on; break;
            case MemberStage.Candidate: member.CandidateOn = on; member.PriorityCandidate = false; break;
            case MemberStage.Probationary: member.ProbationaryOn = on; member.ProbationEndsOn = DevelopmentGuards.ProbationEnd(on); break;
            case MemberStage.Full: member.FullOn = on; break;
        }
        var now = services.Clock.GetUtcNow();
        member.UpdatedAt = now;
        MemberEvents.AddStageChanged(services.Db, member, ContractCodes.Camel(from), ContractCodes.Camel(target), on, now);
        Audit(services, member, "stage_changed", from.ToString(), target.ToString(), r.Reason);
        return await SaveAndDescribeAsync(services.Db, member, today, ct);
    }

    public static async Task<DevelopmentResponse> ExtendProbationAsync(MembersServices services, Guid id, ExtendProbationRequest r,
        CancellationToken ct)
    {
        new Validator()
            .Check(r.Months is not null, "months", "请填写延长月数（6–12）。")
            .Check(!string.IsNullOrWhiteSpace(r.Reason) && r.Reason.Length <= 1000, "reason", "请说明延长理由（最多 1000 字）。")
            .ThrowIfInvalid();
        var (member, _) = await LoadAsync(services, id, ct);
        services.Db.ApplyIfMatch(member, services.Http.Request);
        if (DevelopmentGuards.ExtendProbation(member, r.Months!.Value,
            member.ProbationExtendedMonths is not null) is { } failure) throw Refused(failure);
        var before = member.ProbationEndsOn;
        member.ProbationExtendedMonths = r.Months;
        member.ProbationEndsOn = member.ProbationEndsOn!.Value.AddMonths(r.Months.Value);
        member.UpdatedAt = services.Clock.GetUtcNow();
        Audit(services, member, "probation_extended", $"{before:yyyy-MM-dd}", $"{member.ProbationEndsOn:yyyy-MM-dd}", r.Reason);
        return await SaveAndDescribeAsync(services.Db, member, services.Clock.Today(), ct);
    }

    public static async Task<DevelopmentResponse> CancelProbationAsync(MembersServices services, Guid id, ReasonRequest r,
        CancellationToken ct)
    {
        new Validator().Check(!string.IsNullOrWhiteSpace(r.Reason) && r.Reason.Length <= 1000, "reason", "请说明取消理由（最多 1000 字）。")
            .ThrowIfInvalid();
        var (member, _) = await LoadAsync(services, id, ct);
        services.Db.ApplyIfMatch(member, services.Http.Request);
        var lastVote = await services.Db.Set<DevelopmentVote>().AsNoTracking()
            .Where(v => v.MemberId == member.Id && v.Purpose == VotePurpose.FullMembership)
            .OrderByDescending(v => v.HeldOn).ThenByDescending(v => v.RecordedAt).FirstOrDefaultAsync(ct);
        // Only a veto recorded during the probation counts.
        var vetoed = member.LastVetoedOn is { } v && (member.ProbationaryOn is null || v >= member.ProbationaryOn);
        if (DevelopmentGuards.CancelProbation(member, vetoed, lastVote?.Counts) is { } failure) throw Refused(failure);
        MemberStatusChanges.CancelQualification(services.Db, services.User, member, r.Reason!.Trim(), services.Clock.Today(),
            services.Clock.GetUtcNow());
        return await SaveAndDescribeAsync(services.Db, member, services.Clock.Today(), ct);
    }

    public static async Task<DevelopmentResponse> FlagPriorityAsync(MembersServices services, Guid id, CancellationToken ct)
    {
        var (member, _) = await LoadAsync(services, id, ct);
        services.Db.ApplyIfMatch(member, services.Http.Request);
        if (member.Stage != MemberStage.Activist || !DevelopmentGuards.StatusAllowsDevelopment(member.Status))
            throw Refused(new("stage_order", "只有在册的入党积极分子可以标记为优先发展对象。"));
        var last = (await services.Db.StandingsAsync(member.Id, ct)).Last;
        if (!DevelopmentGuards.IsPriorityCandidate(member.Stage, last))
            throw Refused(new("priority_points",
                $"上一年度积分 {last?.Score ?? 0m:0.##}、贡献加分 {last?.Contribution ?? 0m:0.##}：须积分 ≥ 100 且有贡献加分。"));
        if (member.PriorityCandidate) throw DomainException.Conflict("development.already_priority", "已标记为优先发展对象。");
        member.PriorityCandidate = true;
        member.UpdatedAt = services.Clock.GetUtcNow();
        Audit(services, member, "priority_flagged", "false", "true", $"{last?.Year} 年度积分 {last?.Score:0.##}");
        return await SaveAndDescribeAsync(services.Db, member, services.Clock.Today(), ct);
    }

    public static async Task<DevelopmentResponse> CancelActivistAsync(MembersServices services, Guid id, ReasonRequest r,
        CancellationToken ct)
    {
        new Validator().Check(!string.IsNullOrWhiteSpace(r.Reason) && r.Reason.Length <= 1000, "reason", "请说明取消理由（最多 1000 字）。")
            .ThrowIfInvalid();
        var (member, _) = await LoadAsync(services, id, ct);
        services.Db.ApplyIfMatch(member, services.Http.Request);
        if (member.Stage != MemberStage.Activist || !DevelopmentGuards.StatusAllowsDevelopment(member.Status))
            throw Refused(new("stage_order", "只有在册的入党积极分子可以取消积极分子资格。"));
        var standings = await services.Db.StandingsAsync(member.Id, ct);
        if (!DevelopmentGuards.ActivistMustBeCancelled(member.Stage, standings.Last, standings.Previous,
                member.LastVetoedOn is { } v && (member.ActivistOn is null || v >= member.ActivistOn)))
            throw Refused(new("cancellation_ground", "取消积极分子资格须连续两年积分不合格或被一票否决。"));
        MemberStatusChanges.CancelQualification(services.Db, services.User, member, r.Reason!.Trim(), services.Clock.Today(),
            services.Clock.GetUtcNow());
        return await SaveAndDescribeAsync(services.Db, member, services.Clock.Today(), ct);
    }

    private static DomainException Refused(GuardFailure f) => new($"development.guard.{f.Guard}", f.Detail, 422);

    private static void EnsureStage(Member m, MemberStage expected, string what)
    {
        if (m.Stage != expected || !DevelopmentGuards.StatusAllowsDevelopment(m.Status))
            throw new DomainException("development.wrong_stage",
                $"{what}适用于在册的{DevelopmentGuards.StageName(expected)}，" +
                $"该人员当前为{DevelopmentGuards.StageName(m.Stage)}（{DevelopmentGuards.StatusName(m.Status)}）。", 409);
    }

    private static async Task<(Member, DevelopmentRecord)> LoadAsync(MembersServices services, Guid id, CancellationToken ct)
    {
        var member = await MemberLookup.FindInScopeAsync(services.Db, services.Scope, id, ct);
        var records = services.Db.Set<DevelopmentRecord>();
        var record = await records.FirstOrDefaultAsync(r => r.MemberId == id, ct);
        if (record is null) records.Add(record = new DevelopmentRecord { MemberId = id });
        return (member, record);
    }

    private static void Audit(MembersServices services, Member m, string action, string? from = null, string? to = null,
        string? reason = null) =>
        services.Db.Audit(services.User, services.Clock.GetUtcNow(), AuditEntities.Development, m.Id, m.OrgPath, action, from, to, reason);

    private static async Task<DevelopmentResponse> SaveAndDescribeAsync(MembersDbContext db, Member member, DateOnly today,
        CancellationToken ct)
    {
        await MemberRecords.SaveAsync(db, ct);
        return await DevelopmentState.DescribeAsync(db, member, today, ct);
    }
}
