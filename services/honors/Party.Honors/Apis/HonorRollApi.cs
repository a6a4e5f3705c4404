using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Party.Honors.Data;
using Party.Honors.Domain;
using Party.ServiceDefaults;
using Party.ServiceDefaults.Problems;

namespace Party.Honors.Apis;

/// <summary>One line of the public honor roll: nothing that identifies a person beyond the name (no ID number, no phone).</summary>
public sealed record RollEntry(Guid AwardId, string Name, SubjectKind SubjectKind, string HonorName, HonorLevel Level, int Year, string Batch,
    string OrgUnitName, string? DeedsSummary, string? PhotoUrl);
public sealed record RollPage(Guid OrgUnitId, string OrgUnitName, int Year, IReadOnlyList<RollEntry> Items, int PageNumber, int PageSize, long Total);

public static class HonorRollApi
{
    public static IEndpointRouteBuilder MapHonorRollApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/honors/roll", Roll).AllowAnonymous().WithTags("HonorRoll").WithName("HonorRoll")
            .Produces<RollPage>()
            .WithSummary("光荣榜（无需登录）：某组织及其下级在某年度现有、未撤销的荣誉；只含姓名、荣誉、事迹摘要和照片。");
        return app;
    }

    private static async Task<IResult> Roll(Guid? org, int? year, int? page, int? pageSize, HonorsDbContext db, HonorRollCache cache,
        TimeProvider clock, IOptions<JsonOptions> json, CancellationToken ct)
    {
        new Validator()
            .Check(org is not null && org != Guid.Empty, "org", "请指明组织编号（org）。")
            .Check(year is null or (>= 1949 and <= 2100), "year", "年度须在 1949 到 2100 之间。")
            .ThrowIfInvalid();
        var (skip, take, p, size) = Paging.Resolve(page, pageSize);
        var y = year ?? clock.Today().Year;
        var (cached, key) = await cache.GetAsync($"{org}:{y}:{p}:{size}");
        if (cached is not null) return TypedResults.Text(cached, "application/json; charset=utf-8");

        var unit = await db.OrgUnits.AsNoTracking().Where(u => u.Id == org && !u.Dissolved).Select(u => new { u.Name, u.Path }).FirstOrDefaultAsync(ct)
            ?? throw DomainException.NotFound("org_units");
        var query = db.Awards.AsNoTracking().Where(a => a.OrgPath.StartsWith(unit.Path) && a.Year == y && a.Status != AwardStatus.Revoked);
        var total = await query.LongCountAsync(ct);
        var items = await query
            // Levels are stored as text, so rank them explicitly: national first, county last.
            .OrderByDescending(a => a.Level == HonorLevel.National ? 3 : a.Level == HonorLevel.Province ? 2 : a.Level == HonorLevel.City ? 1 : 0).ThenBy(a => a.HonorName).ThenBy(a => a.SubjectName).ThenBy(a => a.Id)
            .Skip(skip).Take(take)
            .Select(a => new RollEntry(a.Id, a.SubjectName, a.SubjectKind, a.HonorName, a.Level, a.Year, a.Batch,
                db.OrgUnits.Where(u => u.Id == a.OrgUnitId).Select(u => u.Name).FirstOrDefault() ?? "",
                db.Profiles.Where(pr => pr.Id == a.SubjectId).Select(pr => pr.DeedsSummary).FirstOrDefault(),
                db.Profiles.Where(pr => pr.Id == a.SubjectId).Select(pr => pr.PhotoUrl).FirstOrDefault()))
            .ToListAsync(ct);
        var body = JsonSerializer.Serialize(new RollPage(org!.Value, unit.Name, y, items, p, size, total), json.Value.SerializerOptions);
        await cache.SetAsync(key, body);
        return TypedResults.Text(body, "application/json; charset=utf-8");
    }
}
