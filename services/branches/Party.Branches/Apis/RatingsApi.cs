using Microsoft.AspNetCore.Http.HttpResults;
using Party.Branches.Application;
using Party.Branches.Domain.OrgUnits;
using Party.Branches.Domain.Ratings;
using Party.Persistence;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;

namespace Party.Branches.Apis;

/// <summary>Star rating (分类评星): self-assessment → township review → county approval and public notice → final.</summary>
public static class RatingsApi
{
    public static IEndpointRouteBuilder MapRatingsApi(this IEndpointRouteBuilder app)
    {
        var templates = app.MapGroup("/api/branches/rating-templates").WithTags("Ratings");
        templates.MapGet("/", GetTemplate).WithName("GetRatingTemplate").WithSummary("某领域某年度适用的五个评星维度。");
        templates.MapPost("/", CreateTemplate).RequireRole(PartyRoles.County, PartyRoles.Operator)
            .WithName("CreateRatingTemplate").WithSummary("县委组织部为某领域设定自某年度起适用的五个维度（合计 100 分）。");

        var g = app.MapGroup("/api/branches/ratings").WithTags("Ratings");
        g.MapPost("/", SelfAssess).RequireRole(PartyRoles.Branch, PartyRoles.Township, PartyRoles.County)
            .WithName("SelfAssessRating").WithSummary("支部自评：按模板五个维度打分，开启本年度评星。");
        g.MapGet("/", List).WithName("ListRatings").WithSummary("分页列出管辖范围内的评星。");
        g.MapGet("/{id:guid}", Get).WithName("GetRating").WithSummary("查看一条评星（含公示异议）。");
        g.MapPost("/{id:guid}/review", Review).RequireRole(PartyRoles.Township, PartyRoles.County)
            .WithName("ReviewRating").WithSummary("乡镇审核：复核打分并确认重点任务完成情况（支持 If-Match）。");
        g.MapPost("/{id:guid}/objections", FileObjection).WithName("FileRatingObjection")
            .WithSummary("公示期内提出异议；未处理的异议阻止评星公布。");
        g.MapPost("/{id:guid}/objections/{objectionId:guid}/resolve", ResolveObjection).RequireRole(PartyRoles.County)
            .WithName("ResolveRatingObjection").WithSummary("县委组织部处理异议。");

        var rounds = app.MapGroup("/api/branches/rating-rounds/{year:int}").WithTags("Ratings").RequireRole(PartyRoles.County);
        rounds.MapPost("/approve", Approve).WithName("ApproveRatingRound")
            .WithSummary("县级审定：按分数线和县定比例定星，进入公示（默认 5 个工作日）。");
        rounds.MapPost("/finalize", FinalizeRound).WithName("FinalizeRatingRound")
            .WithSummary("公示期满且无未处理异议的评星正式公布：发布 BranchRatingPublished，生成补贴台账和书记调整事项。");

        app.MapGet("/api/branches/branches/{branchId:guid}/rating-history", History).WithTags("Ratings")
            .WithName("RatingHistory").WithSummary("某支部历年评星结果。");
        app.MapGet("/api/branches/adjustment-cases", AdjustmentCases).WithTags("Ratings")
            .WithName("ListAdjustmentCases").WithSummary("连续两年一星的支部书记调整事项。");
        return app;
    }

    private static async Task<Ok<RatingTemplate>> GetTemplate([QueryEnum(typeof(OrgDomain))] string? domain, int? year,
        [AsParameters] BranchesServices services, CancellationToken ct) =>
        TypedResults.Ok(await RatingTemplates.GetAsync(services.Db, domain, year, ct));

    private static async Task<Created<RatingTemplate>> CreateTemplate(CreateTemplateRequest request,
        [AsParameters] BranchesServices services, CancellationToken ct)
    {
        var template = await RatingTemplates.CreateAsync(services, request, ct);
        return TypedResults.Created($"/api/branches/rating-templates?domain={template.Domain}&year={template.EffectiveYear}", template);
    }

    private static async Task<Created<RatingResponse>> SelfAssess(SelfAssessRequest request, [AsParameters] BranchesServices services,
        CancellationToken ct)
    {
        var rating = await RatingSteps.SelfAssessAsync(services, request, ct);
        return TypedResults.Created($"/api/branches/ratings/{rating.Id}", rating);
    }

    private static async Task<Ok<RatingResponse>> Review(Guid id, ReviewRatingRequest request, [AsParameters] BranchesServices services,
        CancellationToken ct) =>
        TypedResults.Ok(await RatingSteps.ReviewAsync(services, id, request, ct));

    private static async Task<Ok<ApprovalResult>> Approve(int year, [AsParameters] BranchesServices services, CancellationToken ct) =>
        TypedResults.Ok(await RatingRounds.ApproveAsync(services, year, ct));

    private static async Task<Ok<FinalizeResult>> FinalizeRound(int year, [AsParameters] BranchesServices services, CancellationToken ct) =>
        TypedResults.Ok(await RatingRounds.FinalizeAsync(services, year, ct));

    private static async Task<Created<ObjectionResponse>> FileObjection(Guid id, FileObjectionRequest request,
        [AsParameters] BranchesServices services, CancellationToken ct)
    {
        var objection = await RatingSteps.FileObjectionAsync(services, id, request, ct);
        return TypedResults.Created($"/api/branches/ratings/{id}", objection);
    }

    private static async Task<Ok<ObjectionResponse>> ResolveObjection(Guid id, Guid objectionId, ResolveObjectionRequest request,
        [AsParameters] BranchesServices services, CancellationToken ct) =>
        TypedResults.Ok(await RatingSteps.ResolveObjectionAsync(services, id, objectionId, request, ct));

    private static async Task<Ok<RatingResponse>> Get(Guid id, [AsParameters] BranchesServices services, CancellationToken ct) =>
        TypedResults.Ok(await RatingSteps.GetAsync(services, id, ct));

    private static async Task<Ok<Page<RatingResponse>>> List(int? year, [QueryEnum(typeof(RatingStatus))] string? status, Guid? branchId,
        int? stars, int? page, int? pageSize, [AsParameters] BranchesServices services, CancellationToken ct) =>
        TypedResults.Ok(await RatingSteps.ListAsync(services, year, status, branchId, stars, page, pageSize, ct));

    private static async Task<Ok<List<RatingHistoryItem>>> History(Guid branchId, [AsParameters] BranchesServices services,
        CancellationToken ct) =>
        TypedResults.Ok(await RatingSteps.HistoryAsync(services, branchId, ct));

    private static async Task<Ok<Page<AdjustmentCaseResponse>>> AdjustmentCases(int? year, int? page, int? pageSize,
        [AsParameters] BranchesServices services, CancellationToken ct) =>
        TypedResults.Ok(await RatingRounds.AdjustmentCasesAsync(services, year, page, pageSize, ct));
}
