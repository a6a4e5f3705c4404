using Microsoft.AspNetCore.Http.HttpResults;
using Party.Branches.Application;
using Party.Persistence;
using Party.Persistence.Audit;

namespace Party.Branches.Apis;

public static class OrgUnitsApi
{
    public static IEndpointRouteBuilder MapOrgUnitsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/branches/org-units").WithTags("OrgUnits");
        group.MapPost("/", Create).WithName("CreateOrgUnit").WithSummary("设立组织：在管辖范围内的上级组织下新建单位（顶层县委仅运维可建）。");
        group.MapGet("/{id:guid}", Get).WithName("GetOrgUnit").WithSummary("查看一个组织单位。");
        group.MapGet("/", List).WithName("ListOrgUnits").WithSummary("分页列出某单位（默认本人所在单位）的整个下级树。");
        group.MapPut("/{id:guid}/name", Rename).WithName("RenameOrgUnit").WithSummary("更名（支持 If-Match）。");
        group.MapPost("/{id:guid}/move", Move).WithName("MoveOrgUnit").WithSummary("迁移到新的上级组织，下级随迁。");
        group.MapPost("/{id:guid}/dissolve", Dissolve).WithName("DissolveOrgUnit").WithSummary("撤销组织；仍有未撤销下级时拒绝。");
        app.MapGet("/api/branches/audit", Audit).WithTags("Audit").WithName("BranchesAudit").WithSummary("全程记实：管辖范围内的变更记录。");
        return app;
    }

    private static async Task<Created<OrgUnitResponse>> Create(CreateOrgUnitRequest request, [AsParameters] BranchesServices services,
        CancellationToken ct)
    {
        var unit = await OrgTree.CreateAsync(services, request, ct);
        return TypedResults.Created($"/api/branches/org-units/{unit.Id}", unit);
    }

    private static async Task<Ok<OrgUnitResponse>> Get(Guid id, [AsParameters] BranchesServices services, CancellationToken ct) =>
        TypedResults.Ok(await OrgTree.GetAsync(services, id, ct));

    private static async Task<Ok<Page<OrgUnitResponse>>> List(Guid? under, bool? includeDissolved, int? page, int? pageSize,
        [AsParameters] BranchesServices services, CancellationToken ct) =>
        TypedResults.Ok(await OrgTree.ListAsync(services, under, includeDissolved, page, pageSize, ct));

    private static async Task<Ok<OrgUnitResponse>> Rename(Guid id, RenameOrgUnitRequest request, [AsParameters] BranchesServices services,
        CancellationToken ct) =>
        TypedResults.Ok(await OrgTree.RenameAsync(services, id, request, ct));

    private static async Task<Ok<OrgUnitResponse>> Move(Guid id, MoveOrgUnitRequest request, [AsParameters] BranchesServices services,
        CancellationToken ct) =>
        TypedResults.Ok(await OrgTree.MoveAsync(services, id, request, ct));

    private static async Task<Ok<OrgUnitResponse>> Dissolve(Guid id, DissolveOrgUnitRequest request,
        [AsParameters] BranchesServices services, CancellationToken ct) =>
        TypedResults.Ok(await OrgTree.DissolveAsync(services, id, request, ct));

    private static async Task<Ok<Page<AuditEntry>>> Audit(string? entity, string? entityId, int? page, int? pageSize,
        [AsParameters] BranchesServices services, CancellationToken ct) =>
        TypedResults.Ok(await services.Db.PageInScopeAsync(
            await services.Scope.CallerPathOrNothingAsync(ct), entity, entityId, page, pageSize, ct));
}
