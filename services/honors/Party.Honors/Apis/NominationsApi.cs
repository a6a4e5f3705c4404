using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Party.Honors.Application;
using Party.Honors.Domain.HonorTypes;
using Party.Honors.Domain.Nominations;
using Party.Honors.Domain.Subjects;
using Party.Messaging;
using Party.Persistence;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Idempotency;
using Party.ServiceDefaults.Problems;

namespace Party.Honors.Apis;

public sealed record GuesthouseRequest(string? Name, Guid? OwnerMemberId, DateOnly? OpenedOn, string? BusinessLicence = null,
    GuesthouseLead[]? LeadsMet = null);
/// <summary><c>honorTypeCode</c> is the honor type's slug from <c>GET /api/honors/types</c> (e.g. <c>excellent-member</c>).</summary>
public sealed record NominateRequest([ValuesFrom("ListHonorTypes", "code")] string? HonorTypeCode, [FreeText] string? Deeds,
    Guid? SubjectId = null, int? Year = null, int? Month = null, HonorLevel? Level = null, GuesthouseRequest? Guesthouse = null);
public sealed record OpinionRequest(Verdict? Verdict, [FreeText] string? Comment);
public sealed record ReasonRequest([FreeText] string? Reason);
public sealed record ObjectionRequest([FreeText] string? Content);
public sealed record ResolveObjectionRequest(bool? Upheld, [FreeText] string? Resolution);
public sealed record AwardBatchRequest(string? Name, Guid[]? NominationIds);

public sealed record OpinionResponse(Guid Id, ReviewingUnit Unit, string UnitName, Verdict Verdict, string Comment, string GivenBy,
    DateTimeOffset GivenAt);
public sealed record ObjectionResponse(Guid Id, string Content, string FiledBy, DateTimeOffset FiledAt, bool? Upheld, string? Resolution,
    DateTimeOffset? ResolvedAt);
public sealed record NominationResponse(Guid Id, string HonorTypeCode, HonorLevel Level, int Year, int? Month, SubjectKind SubjectKind,
    Guid SubjectId, string SubjectName, Guid OrgUnitId, string Deeds, NominationStatus Status, string NominatedBy,
    DateTimeOffset NominatedAt, DateOnly? NoticeStartsOn, DateOnly? NoticeEndsOn, string? RejectionReason, string? Batch, Guid? AwardId,
    Guid? OwnerMemberId, string? BusinessLicence, DateOnly? OpenedOn, GuesthouseLead[]? LeadsMet,
    IReadOnlyList<ReviewingUnit> RequiredReviewers, IReadOnlyList<ReviewingUnit> MissingOpinions,
    IReadOnlyList<OpinionResponse> Opinions, IReadOnlyList<ObjectionResponse> Objections);
public sealed record NominationSummary(Guid Id, string HonorTypeCode, int Year, int? Month, SubjectKind SubjectKind, Guid SubjectId,
    string SubjectName, Guid OrgUnitId, NominationStatus Status, DateOnly? NoticeEndsOn, string? Batch);
public sealed record AwardedItem(Guid NominationId, Guid AwardId, Guid SubjectId, string SubjectName);
public sealed record AwardBatchResponse(string Batch, IReadOnlyList<AwardedItem> Awards);

public static class NominationsApi
{
    public const string ReviewScope = "honors.review";

    public static IEndpointRouteBuilder MapNominationsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/honors/nominations").WithTags("Nominations");
        group.MapPost("/", Nominate).RequireRole(ApiSupport.Committees).WithName("Nominate")
            .WithSummary("党委推荐：按已收到的事实自动审查条件，不符合时列出全部原因。");
        group.MapGet("/", List).WithName("ListNominations").WithSummary("分页列出管辖范围内的推荐（可按状态、类别、年度筛选）。");
        group.MapGet("/{id:guid}", Get).WithName("GetNomination").WithSummary("查看一条推荐及其联审意见和公示异议。");
        group.MapPost("/{id:guid}/opinions", GiveOpinion).RequireScope(ReviewScope).WithName("GiveReviewOpinion").WithNaturalKey("id")
            .WithSummary("联审单位给出意见（通过/异议，须附说明）；单位由调用方令牌的 sub 确定。支持 Idempotency-Key；"
                + "与本单位最近一次意见相同的重复提交不另记一条。")
            .WithExamples(new OpinionRequest(Verdict.Pass, "经查，该同志近三年无违法违纪记录，同意推荐为优秀共产党员。"));
        group.MapPost("/{id:guid}/approve", Approve).RequireRole(ApiSupport.County).WithName("ApproveNomination")
            .WithSummary("县委审批：全部联审单位意见到齐且无未撤回的异议，开始公示。");
        group.MapPost("/{id:guid}/reject", Reject).RequireRole(ApiSupport.County).WithName("RejectNomination")
            .WithSummary("县委不予通过（须写明理由）。");
        group.MapPost("/{id:guid}/objections", Object).WithName("FileNoticeObjection").WithSummary("公示期间提出异议；未处理的异议阻止表彰。");
        group.MapPost("/{id:guid}/objections/{objectionId:guid}/resolve", ResolveObjection).RequireRole(ApiSupport.County)
            .WithName("ResolveNoticeObjection").WithSummary("县委处理公示异议：成立则推荐不予通过，不成立则继续。");
        app.MapPost("/api/honors/award-batches", AwardBatch).RequireRole(ApiSupport.County).WithTags("Nominations").WithName("AwardBatch")
            .WithSummary("按批次表彰（如“2026 七一表彰”）：公示期满且无未处理异议的推荐全部授予，否则整批拒绝并列出原因。");
        return app;
    }

    private static async Task<Created<NominationResponse>> Nominate(NominateRequest request, [AsParameters] HonorsServices services,
        CancellationToken ct)
    {
        var nomination = await Nominating.NominateAsync(services, request, ct);
        var response = await NominationViews.LoadAsync(services.Db, nomination, ct);
        return TypedResults.Created($"/api/honors/nominations/{nomination.Id}", response);
    }

    private static async Task<Ok<NominationResponse>> Get(Guid id, [AsParameters] HonorsServices services, CancellationToken ct) =>
        TypedResults.Ok(await NominationViews.LoadAsync(services.Db, await NominationViews.FindAsync(services, id, ct), ct));

    private static async Task<Ok<Page<NominationSummary>>> List([QueryEnum(typeof(NominationStatus))] string? status, string? type,
        int? year, int? page, int? pageSize, [AsParameters] HonorsServices services, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        var query = services.Db.Nominations.AsNoTracking().Where(n => n.OrgPath.StartsWith(prefix));
        if (QueryEnums.Parse<NominationStatus>(status, "status") is { } st) query = query.Where(n => n.Status == st);
        if (!string.IsNullOrWhiteSpace(type)) query = query.Where(n => n.HonorTypeCode == type);
        if (year is not null) query = query.Where(n => n.Year == year);
        return TypedResults.Ok(await query.OrderByDescending(n => n.NominatedAt)
            .Select(n => new NominationSummary(n.Id, n.HonorTypeCode, n.Year, n.Month, n.SubjectKind, n.SubjectId, n.SubjectName,
                n.OrgUnitId, n.Status, n.NoticeEndsOn, n.Batch))
            .ToPageAsync(paging, ct));
    }

    private static async Task<Ok<NominationResponse>> GiveOpinion(Guid id, OpinionRequest request, [AsParameters] HonorsServices services,
        CancellationToken ct)
    {
        new Validator()
            .Check(request.Verdict is not null, "verdict", "请选择意见：pass（通过）或 objection（异议）。")
            .Check(!string.IsNullOrWhiteSpace(request.Comment) && request.Comment.Length <= 2000, "comment", "请填写意见说明（最多 2000 字）。")
            .ThrowIfInvalid();
        var nomination = await NominationDecisions.GiveOpinionAsync(services, id, request.Verdict!.Value, request.Comment!.Trim(), ct);
        return TypedResults.Ok(await NominationViews.LoadAsync(services.Db, nomination, ct));
    }

    private static async Task<Ok<NominationResponse>> Approve(Guid id, [AsParameters] HonorsServices services, CancellationToken ct)
    {
        var nomination = await NominationDecisions.ApproveAsync(services, id, ct);
        return TypedResults.Ok(await NominationViews.LoadAsync(services.Db, nomination, ct));
    }

    private static async Task<Ok<NominationResponse>> Reject(Guid id, ReasonRequest request, [AsParameters] HonorsServices services,
        CancellationToken ct)
    {
        new Validator()
            .Check(!string.IsNullOrWhiteSpace(request.Reason) && request.Reason.Length <= 1000, "reason", "请写明不予通过的理由（最多 1000 字）。")
            .ThrowIfInvalid();
        var nomination = await NominationDecisions.RejectAsync(services, id, request.Reason!.Trim(), ct);
        return TypedResults.Ok(await NominationViews.LoadAsync(services.Db, nomination, ct));
    }

    private static async Task<Created<ObjectionResponse>> Object(Guid id, ObjectionRequest request, [AsParameters] HonorsServices services,
        CancellationToken ct)
    {
        new Validator()
            .Check(!string.IsNullOrWhiteSpace(request.Content) && request.Content.Length <= 2000, "content", "请填写异议内容（最多 2000 字）。")
            .ThrowIfInvalid();
        var objection = await NominationDecisions.FileObjectionAsync(services, id, request.Content!.Trim(), ct);
        return TypedResults.Created($"/api/honors/nominations/{id}", NominationViews.ToResponse(objection));
    }

    private static async Task<Ok<ObjectionResponse>> ResolveObjection(Guid id, Guid objectionId, ResolveObjectionRequest request,
        [AsParameters] HonorsServices services, CancellationToken ct)
    {
        new Validator()
            .Check(request.Upheld is not null, "upheld", "请说明异议是否成立。")
            .Check(!string.IsNullOrWhiteSpace(request.Resolution) && request.Resolution.Length <= 2000, "resolution",
                "请填写处理意见（最多 2000 字）。")
            .ThrowIfInvalid();
        var objection = await NominationDecisions.ResolveObjectionAsync(services, id, objectionId, request.Upheld!.Value,
            request.Resolution!.Trim(), ct);
        return TypedResults.Ok(NominationViews.ToResponse(objection));
    }

    private static async Task<Ok<AwardBatchResponse>> AwardBatch(AwardBatchRequest request, [AsParameters] HonorsServices services,
        CancellationToken ct)
    {
        new Validator()
            .Check(!string.IsNullOrWhiteSpace(request.Name) && request.Name.Trim().Length <= 100, "name",
                "请填写表彰批次名称（如“2026 七一表彰”，最多 100 字）。")
            .Check(request.NominationIds is { Length: > 0 and <= 500 }, "nominationIds", "请列出 1 到 500 条要表彰的推荐。")
            .ThrowIfInvalid();
        return TypedResults.Ok(await AwardBatches.AwardAsync(services, request.Name!.Trim(), request.NominationIds!, ct));
    }
}
