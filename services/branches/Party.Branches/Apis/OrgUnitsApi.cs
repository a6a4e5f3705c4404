using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Party.Branches.Data;
using Party.Branches.Domain.OrgUnits;
using Party.Contracts.Branches;
using Party.Messaging;
using Party.Messaging.Audit;
using Party.ServiceDefaults;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.Branches.Apis;

public sealed record CreateOrgUnitRequest(string? Code, string? Name, OrgUnitKind? Kind, OrgDomain? Domain, Guid? Id = null, Guid? ParentId = null);
public sealed record RenameOrgUnitRequest(string? Name, [FreeText] string? Reason = null);
public sealed record MoveOrgUnitRequest(Guid? ParentId, [FreeText] string? Reason = null);
public sealed record DissolveOrgUnitRequest([FreeText] string? Reason);
public sealed record OrgUnitResponse(Guid Id, string Code, string Name, OrgUnitKind Kind, OrgDomain Domain, Guid? ParentId, string Path,
    bool Dissolved, long Version);

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

    private static OrgUnitResponse ToResponse(OrgUnit u) => new(u.Id, u.Code, u.Name, u.Kind, u.Domain, u.ParentId, u.Path, u.Dissolved, u.Version);

    private static async Task<Created<OrgUnitResponse>> Create(CreateOrgUnitRequest request, BranchesDbContext db, OrgScope scope,
        HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        new Validator()
            .Check(request.Code is not null && OrgUnit.CodePattern().IsMatch(request.Code), "code", "组织代码必填，2–50 位字母、数字、“-”或“.”。")
            .Check(!string.IsNullOrWhiteSpace(request.Name) && request.Name.Trim().Length <= 200, "name", "组织名称必填，最多 200 字。")
            .Check(request.Kind is not null, "kind", "请选择组织类别。")
            .Check(request.Domain is not null, "domain", "请选择所属领域。")
            .Check(request.Id is null || request.Id != Guid.Empty, "id", "id 不能为全零。")
            .ThrowIfInvalid();

        OrgUnit? parent = null;
        if (request.ParentId is { } parentId)
        {
            await scope.EnsureContainsAsync(parentId, "org_units.parent", ct);
            parent = await db.OrgUnits.FirstAsync(u => u.Id == parentId, ct);
        }
        else if (!http.User.IsInRole(PartyRoles.Operator))
        {
            throw new DomainException("org_units.root_requires_operator", "只有运维人员可以设立顶层（县委）组织。", 403);
        }
        OrgUnit.EnsureMayContain(parent, request.Kind!.Value);
        if (await db.OrgUnits.AnyAsync(u => u.Code == request.Code, ct)) throw CodeTaken(request.Code!);

        var now = clock.GetUtcNow();
        var id = request.Id ?? Guid.CreateVersion7();
        var unit = new OrgUnit
        {
            Id = id,
            Code = request.Code!,
            Name = request.Name!.Trim(),
            Kind = request.Kind.Value,
            Domain = request.Domain!.Value,
            ParentId = parent?.Id,
            Path = OrgUnit.PathFor(parent?.Path, id),
            Version = 1,
            CreatedAt = now,
        };
        db.OrgUnits.Add(unit);
        db.AddEvent(new OrgUnitRegistered { Unit = unit.ToSnapshot(), OccurredAt = now }, now);
        db.Audit(http.User, now, "org_unit", unit.Id, unit.Path, "registered", to: $"{unit.Code} {unit.Name}");
        await SaveAsync(db, unit.Code, ct);
        http.Response.Headers.ETag = ETags.Format(unit.RowVersion);
        return TypedResults.Created($"/api/branches/org-units/{unit.Id}", ToResponse(unit));
    }

    private static async Task<Ok<OrgUnitResponse>> Get(Guid id, BranchesDbContext db, OrgScope scope, HttpContext http, CancellationToken ct)
    {
        var unit = await FindInScope(db, scope, id, ct, tracking: false);
        http.Response.Headers.ETag = ETags.Format(unit.RowVersion);
        return TypedResults.Ok(ToResponse(unit));
    }

    private static async Task<Ok<Page<OrgUnitResponse>>> List(Guid? under, bool? includeDissolved, int? page, int? pageSize,
        BranchesDbContext db, OrgScope scope, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        if (under is { } root) prefix = (await FindInScope(db, scope, root, ct, tracking: false)).Path;
        var query = db.OrgUnits.AsNoTracking().Where(u => u.Path.StartsWith(prefix));
        if (includeDissolved != true) query = query.Where(u => !u.Dissolved);
        return TypedResults.Ok(await query.OrderBy(u => u.Path).ToPageAsync(paging, ToResponse, ct));
    }

    private static async Task<Ok<OrgUnitResponse>> Rename(Guid id, RenameOrgUnitRequest request, BranchesDbContext db, OrgScope scope,
        HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        new Validator()
            .Check(!string.IsNullOrWhiteSpace(request.Name) && request.Name.Trim().Length <= 200, "name", "组织名称必填，最多 200 字。")
            .ThrowIfInvalid();
        var unit = await FindInScope(db, scope, id, ct);
        db.ApplyIfMatch(unit, http.Request);
        if (unit.Dissolved) throw new DomainException("org_units.already_dissolved", "该组织已撤销，不能更名。", 409);
        var now = clock.GetUtcNow();
        var old = unit.Name;
        unit.Name = request.Name!.Trim();
        unit.Version++;
        db.AddEvent(new OrgUnitChanged { Unit = unit.ToSnapshot(), Change = "renamed", OccurredAt = now }, now);
        db.Audit(http.User, now, "org_unit", unit.Id, unit.Path, "renamed", old, unit.Name, request.Reason);
        await SaveAsync(db, unit.Code, ct);
        http.Response.Headers.ETag = ETags.Format(unit.RowVersion);
        return TypedResults.Ok(ToResponse(unit));
    }

    private static async Task<Ok<OrgUnitResponse>> Move(Guid id, MoveOrgUnitRequest request, BranchesDbContext db, OrgScope scope,
        HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        new Validator().Check(request.ParentId is not null, "parentId", "请指定新的上级组织。").ThrowIfInvalid();
        var unit = await FindInScope(db, scope, id, ct);
        db.ApplyIfMatch(unit, http.Request);
        if (unit.Dissolved) throw new DomainException("org_units.already_dissolved", "该组织已撤销，不能迁移。", 409);
        var parent = await FindInScope(db, scope, request.ParentId!.Value, ct, what: "org_units.parent");
        unit.EnsureCanMoveUnder(parent);

        var now = clock.GetUtcNow();
        var oldPath = unit.Path;
        var newPath = OrgUnit.PathFor(parent.Path, unit.Id);
        // The subtree moves with the unit; every descendant's path changes, so each gets its own snapshot.
        var subtree = await db.OrgUnits.Where(u => u.Path.StartsWith(oldPath)).ToListAsync(ct);
        foreach (var u in subtree)
        {
            u.Path = newPath + u.Path[oldPath.Length..];
            u.Version++;
            if (u.Id == unit.Id) u.ParentId = parent.Id;
            db.AddEvent(new OrgUnitChanged { Unit = u.ToSnapshot(), Change = u.Id == unit.Id ? "moved" : "ancestor_moved", OccurredAt = now }, now);
        }
        db.Audit(http.User, now, "org_unit", unit.Id, unit.Path, "moved", oldPath, newPath, request.Reason);
        await SaveAsync(db, unit.Code, ct);
        http.Response.Headers.ETag = ETags.Format(unit.RowVersion);
        return TypedResults.Ok(ToResponse(unit));
    }

    private static async Task<Ok<OrgUnitResponse>> Dissolve(Guid id, DissolveOrgUnitRequest request, BranchesDbContext db, OrgScope scope,
        HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        new Validator().Check(!string.IsNullOrWhiteSpace(request.Reason), "reason", "撤销组织须说明理由。").ThrowIfInvalid();
        var unit = await FindInScope(db, scope, id, ct);
        db.ApplyIfMatch(unit, http.Request);
        var activeChildren = await db.OrgUnits.CountAsync(u => u.ParentId == unit.Id && !u.Dissolved, ct);
        unit.EnsureCanDissolve(activeChildren);
        var now = clock.GetUtcNow();
        unit.Dissolved = true;
        unit.DissolvedAt = now;
        unit.Version++;
        db.AddEvent(new OrgUnitDissolved { Unit = unit.ToSnapshot(), Reason = request.Reason!, OccurredAt = now }, now);
        db.Audit(http.User, now, "org_unit", unit.Id, unit.Path, "dissolved", "active", "dissolved", request.Reason);
        await SaveAsync(db, unit.Code, ct);
        http.Response.Headers.ETag = ETags.Format(unit.RowVersion);
        return TypedResults.Ok(ToResponse(unit));
    }

    private static async Task<Ok<Page<AuditEntry>>> Audit(string? entity, string? entityId, int? page, int? pageSize, BranchesDbContext db, OrgScope scope,
        CancellationToken ct) =>
        TypedResults.Ok(await db.PageInScopeAsync(await scope.CallerPathOrNothingAsync(ct), entity, entityId, page, pageSize, ct));

    private static async Task<OrgUnit> FindInScope(BranchesDbContext db, OrgScope scope, Guid id, CancellationToken ct,
        bool tracking = true, string what = "org_units")
    {
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var query = tracking ? db.OrgUnits : db.OrgUnits.AsNoTracking();
        return await query.FirstOrDefaultAsync(u => u.Id == id && u.Path.StartsWith(prefix), ct)
            ?? throw DomainException.NotFound(what);
    }

    private static DomainException CodeTaken(string code) => new("org_units.code_taken", $"组织代码 {code} 已被使用。", 409);

    private static async Task SaveAsync(BranchesDbContext db, string code, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            throw CodeTaken(code);
        }
    }
}
