using Microsoft.EntityFrameworkCore;
using Party.Branches.Data;
using Party.Branches.Domain.OrgUnits;
using Party.Branches.Domain.Policies;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.Branches.Application;

/// <summary>Look-ups every branches resource shares: a branch in the caller's scope, the caller's county, the policy in force.</summary>
public static class Lookups
{
    /// <summary>A branch (or general branch) inside the caller's subtree, else 404 named after <paramref name="what"/>.</summary>
    public static async Task<OrgUnit> BranchInScopeAsync(BranchesDbContext db, OrgScope scope, Guid? id, string what, CancellationToken ct)
    {
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var unit = id is null
            ? null
            : await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id && u.Path.StartsWith(prefix), ct);
        if (unit is null) throw DomainException.NotFound(what);
        if (unit.Kind is not (OrgUnitKind.Branch or OrgUnitKind.GeneralBranch))
            throw new DomainException($"{what}.not_a_branch", "该组织不是党支部（党总支），不能办理此项业务。");
        if (unit.Dissolved) throw new DomainException($"{what}.dissolved", "该党支部已撤销。", 409);
        return unit;
    }

    /// <summary>The caller's unit must be a county committee (县委组织部) for county-wide steps such as approval.</summary>
    public static async Task<OrgUnit> CallerCountyAsync(BranchesDbContext db, OrgScope scope, CancellationToken ct)
    {
        var id = scope.CallerOrgId;
        var unit = id is null ? null : await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct);
        if (unit is not { Kind: OrgUnitKind.CountyCommittee })
            throw new DomainException("branches.county_only", "此操作须由县委组织部在全县范围内办理。", 403);
        return unit;
    }

    /// <summary>
    /// The county of a caller's path prefix; <see cref="Guid.Empty"/> (the installation's default policy) for an operator
    /// or a caller whose unit is unknown here.
    /// </summary>
    public static Guid CountyOfPrefix(string prefix) => prefix is not ("!none" or "/") ? OrgUnit.CountyOf(prefix) : Guid.Empty;

    public static async Task<BranchPolicy> PolicyAsync(BranchesDbContext db, Guid countyId, DateOnly day, CancellationToken ct)
    {
        var rows = await db.Policies.AsNoTracking()
            .Where(p => (p.CountyId == null || p.CountyId == countyId) && p.EffectiveFrom <= day)
            .ToListAsync(ct);
        return BranchPolicy.InForce(rows, countyId, day) ?? throw new InvalidOperationException("no default branch policy seeded");
    }
}
