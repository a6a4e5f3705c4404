using Microsoft.AspNetCore.Http.HttpResults;
using Party.Branches.Application;
using Party.Branches.Domain.Reserves;
using Party.Persistence;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;

namespace Party.Branches.Apis;

/// <summary>Village reserve cadres (后备干部): 三推一审 nomination and review, 三评一考 after six months, the fewer-than-3 alert.</summary>
public static class ReserveCadresApi
{
    public static IEndpointRouteBuilder MapReserveCadresApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/branches/reserve-cadres").WithTags("ReserveCadres");
        g.MapPost("/", Nominate).RequireRole(PartyRoles.Branch, PartyRoles.Township, PartyRoles.County)
            .WithName("NominateReserveCadre").WithSummary("推荐后备干部（支部推荐、党员推荐、村民代表推荐；≤45 岁、高中以上）。");
        g.MapGet("/", List).WithName("ListReserveCadres").WithSummary("分页列出管辖范围内的后备干部。");
        g.MapGet("/shortfall", Shortfall).WithName("ReserveCadreShortfall").WithSummary("后备干部不足 3 人的村。");
        g.MapGet("/{id:guid}", Get).WithName("GetReserveCadre").WithSummary("查看一名后备干部。");
        g.MapPost("/{id:guid}/review", Review).RequireRole(PartyRoles.Township, PartyRoles.County)
            .WithName("ReviewReserveCadre").WithSummary("乡镇党委审核（一审）。");
        g.MapPost("/{id:guid}/evaluation", Evaluate).RequireRole(PartyRoles.Township, PartyRoles.County)
            .WithName("EvaluateReserveCadre").WithSummary("审核满 6 个月后三评一考，决定保留或调整出库。");
        return app;
    }

    private static async Task<Created<ReserveResponse>> Nominate(NominateReserveRequest r, [AsParameters] BranchesServices services,
        CancellationToken ct)
    {
        var cadre = await ReserveCadrePool.NominateAsync(services, r, ct);
        return TypedResults.Created($"/api/branches/reserve-cadres/{cadre.Id}", cadre);
    }

    private static async Task<Ok<ReserveResponse>> Get(Guid id, [AsParameters] BranchesServices services, CancellationToken ct) =>
        TypedResults.Ok(await ReserveCadrePool.GetAsync(services, id, ct));

    private static async Task<Ok<Page<ReserveResponse>>> List([QueryEnum(typeof(ReserveStatus))] string? status, Guid? branchId, int? page,
        int? pageSize, [AsParameters] BranchesServices services, CancellationToken ct) =>
        TypedResults.Ok(await ReserveCadrePool.ListAsync(services, status, branchId, page, pageSize, ct));

    private static async Task<Ok<ReserveResponse>> Review(Guid id, ReviewReserveRequest r, [AsParameters] BranchesServices services,
        CancellationToken ct) =>
        TypedResults.Ok(await ReserveCadrePool.ReviewAsync(services, id, r, ct));

    private static async Task<Ok<ReserveResponse>> Evaluate(Guid id, EvaluateReserveRequest r, [AsParameters] BranchesServices services,
        CancellationToken ct) =>
        TypedResults.Ok(await ReserveCadrePool.EvaluateAsync(services, id, r, ct));

    /// <summary>Villages whose reviewed or kept reserve cadres number fewer than the county's minimum (default 3), as one query.</summary>
    private static async Task<Ok<Page<ReserveShortfallRow>>> Shortfall(int? page, int? pageSize, [AsParameters] BranchesServices services,
        CancellationToken ct) =>
        TypedResults.Ok(await ReserveCadrePool.ShortfallAsync(services, page, pageSize, ct));
}
