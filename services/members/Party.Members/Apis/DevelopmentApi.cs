using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Party.Common;
using Party.Contracts.Members;
using Party.Members.Application;
using Party.Members.Data;
using Party.Members.Domain.Development;
using Party.Members.Domain.Identity;
using Party.Members.Domain.Members;
using Party.Messaging;
using Party.Persistence.Audit;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.Members.Apis;

/// <summary>The development pipeline (发展党员, §3.2): guard inputs are recorded one by one, each transition is its own command.</summary>
public static class DevelopmentApi
{
    public static IEndpointRouteBuilder MapDevelopmentApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/members/development/{id:guid}").WithTags("Development");
        g.MapGet("/", Get).WithName("GetDevelopment").WithSummary("发展程序全貌：推荐、评议、政审、介绍人、表决、公示与异议、下一步是否可办。");
        g.MapPost("/recommendation", RecordRecommendation).WithName("RecordRecommendation").WithSummary("登记党员推荐或群团推优。");
        g.MapPost("/appraisals", RecordAppraisals).WithName("RecordAppraisals").WithSummary("登记党员评议和群众评议意见。");
        g.MapPost("/political-review", RecordPoliticalReview).WithName("RecordPoliticalReview").WithSummary("登记政治审查结论。");
        g.MapPost("/introducers", AddIntroducer).WithName("AddIntroducer").WithSummary("登记入党介绍人（须为本管辖范围内的党员）。");
        g.MapPost("/votes", RecordVote).WithName("RecordDevelopmentVote").WithSummary("登记支部大会表决（接收预备党员或转正），记录票数。");
        g.MapPost("/public-notices", StartNotice).WithName("StartPublicNotice").WithSummary("发布公示（默认 5 个工作日）。");
        g.MapPost("/public-notices/{noticeId:guid}/objections", FileObjection).WithName("FileObjection").WithSummary("公示期内提出异议。");
        g.MapPost("/objections/{objectionId:guid}/resolve", ResolveObjection).WithName("ResolveObjection").WithSummary("办结异议。");
        g.MapPost("/become-activist", BecomeActivist).WithName("BecomeActivist").WithSummary("入党申请人 → 入党积极分子。");
        g.MapPost("/become-candidate", BecomeCandidate).WithName("BecomeCandidate").WithSummary("入党积极分子 → 发展对象。");
        g.MapPost("/admit-probationary", AdmitProbationary).WithName("AdmitProbationary").WithSummary("发展对象 → 预备党员。");
        g.MapPost("/confirm-full", ConfirmFull).WithName("ConfirmFullMember").WithSummary("预备党员 → 正式党员（转正）。");
        g.MapPost("/extend-probation", ExtendProbation).WithName("ExtendProbation").WithSummary("延长预备期 6–12 个月（限一次）。");
        g.MapPost("/cancel-probation", CancelProbation).WithName("CancelProbation").WithSummary("取消预备党员资格（一票否决或转正表决未通过）。");
        g.MapPost("/priority-candidate", FlagPriority).WithName("FlagPriorityCandidate").WithSummary("积极分子年度积分 ≥ 100 且有贡献加分 → 标记优先发展对象。");
        g.MapPost("/cancel-activist", CancelActivist).WithName("CancelActivist").WithSummary("积极分子连续两年不合格或被一票否决 → 取消积极分子资格。");
        return app;
    }

    private static async Task<Ok<DevelopmentResponse>> Get(Guid id, [AsParameters] MembersServices services, CancellationToken ct)
    {
        var member = await MemberLookup.FindInScopeAsync(services.Db, services.Scope, id, ct, tracking: false);
        return TypedResults.Ok(await DevelopmentState.DescribeAsync(services.Db, member, services.Clock.Today(), ct));
    }

    private static async Task<Ok<DevelopmentResponse>> RecordRecommendation(Guid id, RecommendationRequest r,
        [AsParameters] MembersServices services, CancellationToken ct) =>
        TypedResults.Ok(await DevelopmentSteps.RecordRecommendationAsync(services, id, r, ct));

    private static async Task<Ok<DevelopmentResponse>> RecordAppraisals(Guid id, AppraisalsRequest r,
        [AsParameters] MembersServices services, CancellationToken ct) =>
        TypedResults.Ok(await DevelopmentSteps.RecordAppraisalsAsync(services, id, r, ct));

    private static async Task<Ok<DevelopmentResponse>> RecordPoliticalReview(Guid id, PoliticalReviewRequest r,
        [AsParameters] MembersServices services, CancellationToken ct) =>
        TypedResults.Ok(await DevelopmentSteps.RecordPoliticalReviewAsync(services, id, r, ct));

    private static async Task<Ok<DevelopmentResponse>> AddIntroducer(Guid id, IntroducerRequest r, [AsParameters] MembersServices services,
        CancellationToken ct) =>
        TypedResults.Ok(await DevelopmentSteps.AddIntroducerAsync(services, id, r, ct));

    private static async Task<Ok<DevelopmentResponse>> RecordVote(Guid id, VoteRequest r, [AsParameters] MembersServices services,
        CancellationToken ct) =>
        TypedResults.Ok(await DevelopmentSteps.RecordVoteAsync(services, id, r, ct));

    private static async Task<Ok<DevelopmentResponse>> StartNotice(Guid id, PublicNoticeRequest r, [AsParameters] MembersServices services,
        CancellationToken ct) =>
        TypedResults.Ok(await DevelopmentSteps.StartNoticeAsync(services, id, r, ct));

    private static async Task<Ok<DevelopmentResponse>> FileObjection(Guid id, Guid noticeId, ObjectionRequest r,
        [AsParameters] MembersServices services, CancellationToken ct) =>
        TypedResults.Ok(await DevelopmentSteps.FileObjectionAsync(services, id, noticeId, r, ct));

    private static async Task<Ok<DevelopmentResponse>> ResolveObjection(Guid id, Guid objectionId, ResolveObjectionRequest r,
        [AsParameters] MembersServices services, CancellationToken ct) =>
        TypedResults.Ok(await DevelopmentSteps.ResolveObjectionAsync(services, id, objectionId, r, ct));

    private static async Task<Ok<DevelopmentResponse>> ExtendProbation(Guid id, ExtendProbationRequest r,
        [AsParameters] MembersServices services, CancellationToken ct) =>
        TypedResults.Ok(await DevelopmentSteps.ExtendProbationAsync(services, id, r, ct));

    private static async Task<Ok<DevelopmentResponse>> CancelProbation(Guid id, ReasonRequest r, [AsParameters] MembersServices services,
        CancellationToken ct) =>
        TypedResults.Ok(await DevelopmentSteps.CancelProbationAsync(services, id, r, ct));

    private static async Task<Ok<DevelopmentResponse>> FlagPriority(Guid id, [AsParameters] MembersServices services,
        CancellationToken ct) =>
        TypedResults.Ok(await DevelopmentSteps.FlagPriorityAsync(services, id, ct));

    private static async Task<Ok<DevelopmentResponse>> CancelActivist(Guid id, ReasonRequest r, [AsParameters] MembersServices services,
        CancellationToken ct) =>
        TypedResults.Ok(await DevelopmentSteps.CancelActivistAsync(services, id, r, ct));

    private static async Task<Ok<DevelopmentResponse>> BecomeActivist(Guid id, TransitionRequest r, [AsParameters] MembersServices services,
        CancellationToken ct) =>
        TypedResults.Ok(await DevelopmentSteps.TransitionAsync(services, id, r, MemberStage.Activist, ct));

    private static async Task<Ok<DevelopmentResponse>> BecomeCandidate(Guid id, TransitionRequest r,
        [AsParameters] MembersServices services, CancellationToken ct) =>
        TypedResults.Ok(await DevelopmentSteps.TransitionAsync(services, id, r, MemberStage.Candidate, ct));

    private static async Task<Ok<DevelopmentResponse>> AdmitProbationary(Guid id, TransitionRequest r,
        [AsParameters] MembersServices services, CancellationToken ct) =>
        TypedResults.Ok(await DevelopmentSteps.TransitionAsync(services, id, r, MemberStage.Probationary, ct));

    private static async Task<Ok<DevelopmentResponse>> ConfirmFull(Guid id, TransitionRequest r, [AsParameters] MembersServices services,
        CancellationToken ct) =>
        TypedResults.Ok(await DevelopmentSteps.TransitionAsync(services, id, r, MemberStage.Full, ct));
}
