using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.Persistence.OrgUnits;

public sealed record OrgUnitReplicaResponse(Guid Id, string Code, string Name, string Kind, string Domain, Guid? ParentId, string Path,
    bool Dissolved, long Version, int EventsApplied, DateTimeOffset UpdatedAt);

public static class OrgUnitReplicaApi
{
    /// <summary>Exposes a service's replica of the org tree (read-only), filtered by the caller's scope.</summary>
    public static IEndpointRouteBuilder MapOrgUnitReplicaApi(this IEndpointRouteBuilder app, string servicePrefix)
    {
        var group = app.MapGroup($"/api/{servicePrefix}/org-units").WithTags("OrgUnits");
        group.MapGet("/{id:guid}", OrgUnitReplicaEndpoints.Get)
            .WithName($"Get{servicePrefix}OrgUnitReplica")
            .WithSummary("本服务收到的组织单位副本（来自组织树事件）。");
        group.MapGet("/", OrgUnitReplicaEndpoints.List).WithName($"List{servicePrefix}OrgUnitReplicas").WithSummary("分页列出管辖范围内的组织单位副本。");
        return app;
    }
}

internal static class OrgUnitReplicaEndpoints
{
    public static async Task<Ok<OrgUnitReplicaResponse>> Get(Guid id, IOrgUnitReplicaDbContext db, OrgScope scope, CancellationToken ct)
    {
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var unit = await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id && u.Path.StartsWith(prefix), ct)
            ?? throw DomainException.NotFound("org_units");
        return TypedResults.Ok(ToResponse(unit));
    }

    public static async Task<Ok<Page<OrgUnitReplicaResponse>>> List(
        int? page, int? pageSize, IOrgUnitReplicaDbContext db, OrgScope scope, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var query = db.OrgUnits.AsNoTracking().Where(u => u.Path.StartsWith(prefix));
        return TypedResults.Ok(await query.OrderBy(u => u.Path).ToPageAsync(paging, ToResponse, ct));
    }

    private static OrgUnitReplicaResponse ToResponse(OrgUnitReplica u) =>
        // Events carry enum member names (PascalCase); the API answers like the branches API does (camelCase).
        new(u.Id, u.Code, u.Name, JsonNamingPolicy.CamelCase.ConvertName(u.Kind), JsonNamingPolicy.CamelCase.ConvertName(u.Domain),
            u.ParentId, u.Path, u.Dissolved, u.Version, u.EventsApplied, u.UpdatedAt);
}
