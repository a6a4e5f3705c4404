using Microsoft.EntityFrameworkCore;
using Npgsql;
using Party.Branches.Apis;
using Party.Branches.Data;
using Party.Branches.Domain.OrgUnits;
using Party.Contracts.Branches;
using Party.Messaging;
using Party.Persistence;
using Party.Persistence.Audit;
using Party.ServiceDefaults;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.Branches.Application;

/// <summary>
/// The organization tree (组织树): units are set up, renamed, moved with their subtree and dissolved; each change is an event.
/// </summary>
public static class OrgTree
{
    public static async Task<OrgUnitResponse> CreateAsync(BranchesServices services, CreateOrgUnitRequest request, CancellationToken ct)
    {
        var (db, scope, http, clock) = services;
        new Validator()
            .Check(request.Code is not null && OrgUnit.CodePattern().IsMatch(request.Code), "code",
                "组织代码必填，2–50 位字母、数字、“-”或“.”。")
            .Check(!string.IsNullOrWhiteSpace(request.Name) && request.Name.Trim().Length <= 200, "name", "组织名称必填，最多 200 字。")
            .Check(request.Kind is not null, "kind", "请选择组织类别。")
            .Check(request.Domain is not null, "domain", "请选择所属领域。")
            .Check(request.Id is null || request.Id != Guid.Empty, "id", "id 不能为全零。")
            .ThrowIfInvalid();

        OrgUnit? parent = null;
        if (request.ParentId is { } parentId)
        {
            // The scope check and the load are one query: a parent outside the caller's subtree is simply not found.
            // Not tracked: the parent is only read, and a new unit given the parent's own id must reach the primary key.
            parent = await FindInScopeAsync(db, scope, parentId, ct, tracking: false, what: "org_units.parent");
        }
        else if (!http.User.IsInRole(PartyRoles.Operator))
        {
            throw new DomainException("org_units.root_requires_operator", "只有运维人员可以设立顶层（县委）组织。", 403);
        }
        OrgUnit.EnsureMayContain(parent, request.Kind!.Value);

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
        await SaveAsync(db, unit, ct);
        http.Response.Headers.ETag = ETags.Format(unit.RowVersion);
        return OrgUnitResponse.From(unit);
    }

    public static async Task<OrgUnitResponse> GetAsync(BranchesServices services, Guid id, CancellationToken ct)
    {
        var unit = await FindInScopeAsync(services.Db, services.Scope, id, ct, tracking: false);
        services.Http.Response.Headers.ETag = ETags.Format(unit.RowVersion);
        return OrgUnitResponse.From(unit);
    }

    public static async Task<Page<OrgUnitResponse>> ListAsync(BranchesServices services, Guid? under, bool? includeDissolved, int? page,
        int? pageSize, CancellationToken ct)
    {
        var (db, scope, _, _) = services;
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        if (under is { } root) prefix = (await FindInScopeAsync(db, scope, root, ct, tracking: false)).Path;
        var query = db.OrgUnits.AsNoTracking().Where(u => u.Path.StartsWith(prefix));
        if (includeDissolved != true) query = query.Where(u => !u.Dissolved);
        return await query.OrderBy(u => u.Path).ToPageAsync(paging, OrgUnitResponse.From, ct);
    }

    public static async Task<OrgUnitResponse> RenameAsync(BranchesServices services, Guid id, RenameOrgUnitRequest request,
        CancellationToken ct)
    {
        var (db, scope, http, clock) = services;
        new Validator()
            .Check(!string.IsNullOrWhiteSpace(request.Name) && request.Name.Trim().Length <= 200, "name", "组织名称必填，最多 200 字。")
            .ThrowIfInvalid();
        var unit = await FindInScopeAsync(db, scope, id, ct);
        db.ApplyIfMatch(unit, http.Request);
        if (unit.Dissolved) throw new DomainException("org_units.already_dissolved", "该组织已撤销，不能更名。", 409);
        var now = clock.GetUtcNow();
        var old = unit.Name;
        unit.Name = request.Name!.Trim();
        unit.Version++;
        db.AddEvent(new OrgUnitChanged { Unit = unit.ToSnapshot(), Change = "renamed", OccurredAt = now }, now);
        db.Audit(http.User, now, "org_unit", unit.Id, unit.Path, "renamed", old, unit.Name, request.Reason);
        await SaveAsync(db, unit, ct);
        http.Response.Headers.ETag = ETags.Format(unit.RowVersion);
        return OrgUnitResponse.From(unit);
    }

    public static async Task<OrgUnitResponse> MoveAsync(BranchesServices services, Guid id, MoveOrgUnitRequest request,
        CancellationToken ct)
    {
        var (db, scope, http, clock) = services;
        new Validator().Check(request.ParentId is not null, "parentId", "请指定新的上级组织。").ThrowIfInvalid();
        var unit = await FindInScopeAsync(db, scope, id, ct);
        db.ApplyIfMatch(unit, http.Request);
        if (unit.Dissolved) throw new DomainException("org_units.already_dissolved", "该组织已撤销，不能迁移。", 409);
        var parent = await FindInScopeAsync(db, scope, request.ParentId!.Value, ct, what: "org_units.parent");
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
            var change = u.Id == unit.Id ? "moved" : "ancestor_moved";
            db.AddEvent(new OrgUnitChanged { Unit = u.ToSnapshot(), Change = change, OccurredAt = now }, now);
        }
        db.Audit(http.User, now, "org_unit", unit.Id, unit.Path, "moved", oldPath, newPath, request.Reason);
        await SaveAsync(db, unit, ct);
        http.Response.Headers.ETag = ETags.Format(unit.RowVersion);
        return OrgUnitResponse.From(unit);
    }

    public static async Task<OrgUnitResponse> DissolveAsync(BranchesServices services, Guid id, DissolveOrgUnitRequest request,
        CancellationToken ct)
    {
        var (db, scope, http, clock) = services;
        new Validator().Check(!string.IsNullOrWhiteSpace(request.Reason), "reason", "撤销组织须说明理由。").ThrowIfInvalid();
        var unit = await FindInScopeAsync(db, scope, id, ct);
        db.ApplyIfMatch(unit, http.Request);
        var activeChildren = await db.OrgUnits.CountAsync(u => u.ParentId == unit.Id && !u.Dissolved, ct);
        unit.EnsureCanDissolve(activeChildren);
        var now = clock.GetUtcNow();
        unit.Dissolved = true;
        unit.DissolvedAt = now;
        unit.Version++;
        db.AddEvent(new OrgUnitDissolved { Unit = unit.ToSnapshot(), Reason = request.Reason!, OccurredAt = now }, now);
        db.Audit(http.User, now, "org_unit", unit.Id, unit.Path, "dissolved", "active", "dissolved", request.Reason);
        await SaveAsync(db, unit, ct);
        http.Response.Headers.ETag = ETags.Format(unit.RowVersion);
        return OrgUnitResponse.From(unit);
    }

    private static async Task<OrgUnit> FindInScopeAsync(BranchesDbContext db, OrgScope scope, Guid id, CancellationToken ct,
        bool tracking = true, string what = "org_units")
    {
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var query = tracking ? db.OrgUnits : db.OrgUnits.AsNoTracking();
        return await query.FirstOrDefaultAsync(u => u.Id == id && u.Path.StartsWith(prefix), ct)
            ?? throw DomainException.NotFound(what);
    }

    /// <summary>
    /// Saves the change. The unique indexes are the check for a code or a client-chosen id already in use: race-free, and
    /// no query of its own before the insert.
    /// </summary>
    private static async Task SaveAsync(BranchesDbContext db, OrgUnit unit, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } p)
        {
            throw p.ConstraintName == "pk_org_units"
                ? new DomainException("org_units.id_taken", $"组织编号 {unit.Id} 已存在，请换一个编号或不填由系统生成。", 409)
                : new DomainException("org_units.code_taken", $"组织代码 {unit.Code} 已被使用。", 409);
        }
    }
}
