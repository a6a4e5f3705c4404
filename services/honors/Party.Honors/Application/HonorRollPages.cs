using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Party.Common;
using Party.Honors.Apis;
using Party.Honors.Domain.HonorTypes;
using Party.Honors.Domain.ModelDatabase;
using Party.Persistence;
using Party.ServiceDefaults.Problems;

namespace Party.Honors.Application;

/// <summary>
/// Pages of the public honor roll (光荣榜) as the JSON text answered, read through <see cref="Data.HonorRollCache"/>: a page
/// is built from the database only when the cache has none of the current generation.
/// </summary>
public static class HonorRollPages
{
    public static async Task<string> ReadAsync(HonorsServices services, Guid org, int? year, int? page, int? pageSize,
        JsonSerializerOptions json, CancellationToken ct)
    {
        var (db, _, _, clock, cache) = services;
        var (skip, take, p, size) = Paging.Resolve(page, pageSize);
        var y = year ?? clock.Today().Year;
        var (cached, key) = await cache.GetAsync($"{org}:{y}:{p}:{size}");
        if (cached is not null) return cached;

        var unit = await db.OrgUnits.AsNoTracking().Where(u => u.Id == org && !u.Dissolved).Select(u => new { u.Name, u.Path })
                .FirstOrDefaultAsync(ct)
            ?? throw DomainException.NotFound("org_units");
        var query = db.Awards.AsNoTracking().Where(a => a.OrgPath.StartsWith(unit.Path) && a.Year == y && a.Status != AwardStatus.Revoked);
        var total = await query.LongCountAsync(ct);
        var items = await query
            // Levels are stored as text, so rank them explicitly: national first, county last.
            .OrderByDescending(a => a.Level == HonorLevel.National ? 3
                : a.Level == HonorLevel.Province ? 2
                : a.Level == HonorLevel.City ? 1
                : 0)
            .ThenBy(a => a.HonorName).ThenBy(a => a.SubjectName).ThenBy(a => a.Id)
            .Skip(skip).Take(take)
            .Select(a => new RollEntry(a.Id, a.SubjectName, a.SubjectKind, a.HonorName, a.Level, a.Year, a.Batch,
                db.OrgUnits.Where(u => u.Id == a.OrgUnitId).Select(u => u.Name).FirstOrDefault() ?? "",
                db.Profiles.Where(pr => pr.Id == a.SubjectId).Select(pr => pr.DeedsSummary).FirstOrDefault(),
                db.Profiles.Where(pr => pr.Id == a.SubjectId).Select(pr => pr.PhotoUrl).FirstOrDefault()))
            .ToListAsync(ct);
        var body = JsonSerializer.Serialize(new RollPage(org, unit.Name, y, items, p, size, total), json);
        await cache.SetAsync(key, body);
        return body;
    }
}
