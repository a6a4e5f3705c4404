using Microsoft.EntityFrameworkCore;
using Party.Members.Data;
using Party.Members.Domain.Members;
using Party.Persistence.OrgUnits;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.Members.Application;

/// <summary>Members and units as the caller may see them (their own subtree), and the branches a member may belong to.</summary>
public static class MemberLookup
{
    /// <summary>
    /// The member if it is in the caller's subtree; otherwise 404 (another township's member is not even confirmed to exist).
    /// </summary>
    public static async Task<Member> FindInScopeAsync(MembersDbContext db, OrgScope scope, Guid id, CancellationToken ct,
        bool tracking = true)
    {
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var query = tracking ? db.Set<Member>() : db.Set<Member>().AsNoTracking();
        return await query.FirstOrDefaultAsync(m => m.Id == id && m.OrgPath.StartsWith(prefix), ct)
            ?? throw DomainException.NotFound("members");
    }

    /// <summary>A unit (branch, township, county) inside the caller's subtree with its path, or 404.</summary>
    public static async Task<(Guid Id, string Path, string Domain)> UnitInScopeAsync(MembersDbContext db, OrgScope scope, Guid id,
        CancellationToken ct)
    {
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var unit = await db.OrgUnits.AsNoTracking()
            .Where(u => u.Id == id && u.Path.StartsWith(prefix))
            .Select(u => new { u.Id, u.Path, u.Domain })
            .FirstOrDefaultAsync(ct) ?? throw DomainException.NotFound("branches");
        return (unit.Id, unit.Path, unit.Domain);
    }

    /// <summary>A branch a member may belong to: in scope, not dissolved, a (general) branch.</summary>
    public static async Task<OrgUnitReplica> ResolveBranchAsync(MembersDbContext db, OrgScope scope, Guid branchId, CancellationToken ct)
    {
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var branch = await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(u => u.Id == branchId && u.Path.StartsWith(prefix), ct)
            ?? throw DomainException.NotFound("members.branch");
        EnsureBranchUsable(branch);
        return branch;
    }

    public static void EnsureBranchUsable(OrgUnitReplica branch)
    {
        if (branch.Dissolved) throw new DomainException("members.branch_dissolved", $"{branch.Name}已撤销，不能再接收党员。", 409);
        if (branch.Kind is not ("Branch" or "GeneralBranch"))
            throw new DomainException("members.branch_kind", $"{branch.Name}不是党支部或党总支，党员须编入支部。");
    }

    public static bool IsRural(OrgUnitReplica branch) => branch.Domain == "RuralVillage";

    /// <summary>Only a rural branch's members have a rural category (农村党员类别).</summary>
    public static void EnsureCategoryFits(OrgUnitReplica branch, RuralCategory? category)
    {
        if (category is not null && !IsRural(branch))
            throw DomainException.Validation(new Dictionary<string, string[]>
            {
                ["ruralCategory"] = [$"{branch.Name}不是农村党支部，不设农村党员类别。"],
            });
    }
}
