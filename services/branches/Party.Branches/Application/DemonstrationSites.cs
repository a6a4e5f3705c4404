using Microsoft.EntityFrameworkCore;
using Npgsql;
using Party.Branches.Apis;
using Party.Branches.Domain.OrgUnits;
using Party.Branches.Domain.Village;
using Party.Persistence;
using Party.Persistence.Audit;
using Party.ServiceDefaults.Problems;

namespace Party.Branches.Application;

/// <summary>Demonstration sites (示范点): at most two rural ones per township a year, and the county's minimum per group.</summary>
public static class DemonstrationSites
{
    public static async Task<SiteResponse> DesignateAsync(BranchesServices services, DesignateSiteRequest r, CancellationToken ct)
    {
        var (db, scope, http, clock) = services;
        new Validator()
            .Check(r.BranchId is not null, "branchId", "请指定党组织。")
            .Check(r.Year is >= 2000 and <= 2100, "year", "请指定年度。")
            .Check(!string.IsNullOrWhiteSpace(r.Reason) && r.Reason.Length <= 2000, "reason", "请写明推荐理由（最多 2000 字）。")
            .ThrowIfInvalid();
        var branch = await Lookups.BranchInScopeAsync(db, scope, r.BranchId, "demonstration_sites.branch", ct);
        if (DemonstrationQuotas.GroupOf(branch.Domain) == SiteGroup.Rural && branch.ParentId is { } parent)
        {
            var township = await db.OrgUnits.AsNoTracking().FirstAsync(u => u.Id == parent, ct);
            var rural = await db.DemonstrationSites.CountAsync(
                s => s.Year == r.Year && s.Domain == OrgDomain.RuralVillage && s.OrgPath.StartsWith(township.Path), ct);
            if (DemonstrationQuotas.RuralCapReached(rural))
                throw DomainException.Conflict("demonstration_sites.rural_quota_full",
                    $"该乡镇 {r.Year} 年已有 {DemonstrationQuotas.RuralPerTownship} 个农村示范点，已达上限。");
        }
        var now = clock.GetUtcNow();
        var site = new DemonstrationSite
        {
            Id = Guid.CreateVersion7(), BranchId = branch.Id, OrgPath = branch.Path, Year = r.Year!.Value, Domain = branch.Domain,
            Reason = r.Reason!.Trim(), DesignatedAt = now,
        };
        db.DemonstrationSites.Add(site);
        db.Audit(http.User, now, "demonstration_site", site.Id, site.OrgPath, "designated", to: $"{site.Year} {site.Domain}",
            reason: site.Reason);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            throw DomainException.Conflict("demonstration_sites.exists", "该党组织本年度已是示范点。");
        }
        return new SiteResponse(site.Id, site.BranchId, site.Year, site.Domain, site.Reason);
    }

    public static async Task<Page<SiteResponse>> ListAsync(BranchesServices services, int? year, int? page, int? pageSize,
        CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        var query = services.Db.DemonstrationSites.AsNoTracking().Where(s => s.OrgPath.StartsWith(prefix));
        if (year is not null) query = query.Where(s => s.Year == year);
        return await query.OrderBy(s => s.Year).ThenBy(s => s.OrgPath)
            .Select(s => new SiteResponse(s.Id, s.BranchId, s.Year, s.Domain, s.Reason)).ToPageAsync(paging, ct);
    }

    public static async Task<List<SiteQuotaRow>> QuotaAsync(BranchesServices services, int? year, CancellationToken ct)
    {
        var db = services.Db;
        new Validator().Check(year is not null, "year", "请指定年度。").ThrowIfInvalid();
        var county = await Lookups.CallerCountyAsync(db, services.Scope, ct);
        var counts = await db.DemonstrationSites.AsNoTracking().Where(s => s.Year == year && s.OrgPath.StartsWith(county.Path))
            .GroupBy(s => s.Domain).Select(g => new { Domain = g.Key, Count = g.Count() }).ToListAsync(ct);
        var byGroup = counts.GroupBy(c => DemonstrationQuotas.GroupOf(c.Domain)).ToDictionary(g => g.Key, g => g.Sum(c => c.Count));
        return Enum.GetValues<SiteGroup>().Where(g => g is not SiteGroup.Other)
            .Select(g => new SiteQuotaRow(g, byGroup.GetValueOrDefault(g), DemonstrationQuotas.CountyMinimum(g),
                byGroup.GetValueOrDefault(g) >= DemonstrationQuotas.CountyMinimum(g)))
            .ToList();
    }
}
