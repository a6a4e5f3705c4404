using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Party.Members.Application;
using Party.Members.Data;
using Party.Members.Domain.Development;
using Party.Members.Domain.Members;
using Party.Members.Domain.Points;
using Party.Persistence;
using Party.Persistence.Audit;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Idempotency;
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

    private static async Task<Created<HalfYearResponse>> Start(StartHalfYearRequest q, [AsParameters] MembersServices services,
        CancellationToken ct)
    {
        var created = await HalfYearReviews.StartAsync(services, q, ct);
        return TypedResults.Created($"/api/members/points/half-years/{created.Review.Id}", created);
    }

    private static async Task<Ok<HalfYearResponse>> Get(Guid id, [AsParameters] MembersServices services, CancellationToken ct) =>
        TypedResults.Ok(await HalfYearReviews.ResponseAsync(services.Db,
            await HalfYearReviews.FindAsync(services.Db, services.Scope, id, ct), ct));

    private static async Task<Ok<Page<HalfYearReview>>> List(Guid? branchId, int? year, int? page, int? pageSize,
        [AsParameters] MembersServices services, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        var q = services.Db.Set<HalfYearReview>().AsNoTracking().Where(r => r.OrgPath.StartsWith(prefix));
        if (branchId is not null) q = q.Where(r => r.BranchId == branchId);
        if (year is not null) q = q.Where(r => r.Year == year);
        return TypedResults.Ok(await q.OrderBy(r => r.Year).ThenBy(r => r.Half).ThenBy(r => r.Id).ToPageAsync(paging, ct));
    }

    private static async Task<Created<PointsAppeal>> Appeal(Guid id, FileAppealRequest q, [AsParameters] MembersServices services,
        CancellationToken ct)
    {
        var created = await HalfYearReviews.AppealAsync(services, id, q, ct);
        return TypedResults.Created($"/api/members/points/appeals/{created.Id}", created);
    }

    private static async Task<Ok<PointsAppeal>> Answer(Guid id, AnswerAppealRequest q, [AsParameters] MembersServices services,
        CancellationToken ct) =>
        TypedResults.Ok(await HalfYearReviews.AnswerAsync(services, id, q, ct));

    private static async Task<Ok<HalfYearResponse>> Approve(Guid id, ApproveHalfYearRequest q, [AsParameters] MembersServices services,
        CancellationToken ct) =>
        TypedResults.Ok(await HalfYearReviews.ApproveAsync(services, id, q, ct));

    private static async Task<Ok<HalfYearResponse>> Publish(Guid id, [AsParameters] MembersServices services, CancellationToken ct) =>
        TypedResults.Ok(await HalfYearReviews.PublishAsync(services, id, ct));

    private static async Task<Ok<HalfYearResponse>> Freeze(Guid id, [AsParameters] MembersServices services, CancellationToken ct) =>
        TypedResults.Ok(await HalfYearReviews.FreezeAsync(services, id, ct));
}
