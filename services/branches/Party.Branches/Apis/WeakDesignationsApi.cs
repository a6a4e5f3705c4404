using Microsoft.AspNetCore.Http.HttpResults;
using Party.Branches.Application;
using Party.Branches.Domain.Weak;
using Party.Persistence;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;

namespace Party.Branches.Apis;

public sealed record DesignateWeakRequest(Guid? BranchId, int? Year, [FreeText] string? Reason);
public sealed record LiftWeakRequest([FreeText] string? Reason);
public sealed record WeakDesignationResponse(Guid Id, Guid BranchId, int Year, string Reason, DateTimeOffset DesignatedAt,
    DateTimeOffset? LiftedAt, string? LiftReason)
{
    public static WeakDesignationResponse From(WeakDesignation w) =>
        new(w.Id, w.BranchId, w.Year, w.Reason, w.DesignatedAt, w.LiftedAt, w.LiftReason);
}

/// <summary>Weak-and-lax designation (软弱涣散党组织认定): published as <c>BranchDesignatedWeak</c> so resident cadres are dispatched.</summary>
public static class WeakDesignationsApi
{
    public static IEndpointRouteBuilder MapWeakDesignationsApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/branches/weak-designations").WithTags("WeakDesignations");
        g.MapPost("/", Designate).RequireRole(PartyRoles.County).WithName("DesignateWeakBranch")
            .WithSummary("认定软弱涣散党组织，发布 BranchDesignatedWeak。");
        g.MapPost("/{id:guid}/lift", Lift).RequireRole(PartyRoles.County).WithName("LiftWeakDesignation")
            .WithSummary("整顿转化后摘帽（支持 If-Match）。");
        g.MapGet("/", List).WithName("ListWeakDesignations").WithSummary("分页列出管辖范围内的软弱涣散认定。");
        g.MapGet("/{id:guid}", Get).WithName("GetWeakDesignation").WithSummary("查看一条认定。");
        return app;
    }

    private static async Task<Created<WeakDesignationResponse>> Designate(DesignateWeakRequest request,
        [AsParameters] BranchesServices services, CancellationToken ct)
    {
        var designation = await WeakDesignationSteps.DesignateAsync(services, request, ct);
        return TypedResults.Created($"/api/branches/weak-designations/{designation.Id}", designation);
    }

    private static async Task<Ok<WeakDesignationResponse>> Lift(Guid id, LiftWeakRequest request, [AsParameters] BranchesServices services,
        CancellationToken ct) =>
        TypedResults.Ok(await WeakDesignationSteps.LiftAsync(services, id, request, ct));

    private static async Task<Ok<WeakDesignationResponse>> Get(Guid id, [AsParameters] BranchesServices services, CancellationToken ct) =>
        TypedResults.Ok(await WeakDesignationSteps.GetAsync(services, id, ct));

    private static async Task<Ok<Page<WeakDesignationResponse>>> List(int? year, bool? active, int? page, int? pageSize,
        [AsParameters] BranchesServices services, CancellationToken ct) =>
        TypedResults.Ok(await WeakDesignationSteps.ListAsync(services, year, active, page, pageSize, ct));
}
