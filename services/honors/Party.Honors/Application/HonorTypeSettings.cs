using Microsoft.EntityFrameworkCore;
using Party.Honors.Apis;
using Party.Honors.Domain.HonorTypes;
using Party.Persistence.Audit;
using Party.ServiceDefaults.Problems;

namespace Party.Honors.Application;

/// <summary>The county's settings of the catalog (荣誉类别) that later nominations and awards are checked against.</summary>
public static class HonorTypeSettings
{
    /// <summary>The fewest stars a type judged on the star rating (先进基层党组织, 党建示范点) asks for.</summary>
    public static async Task<HonorType> SetMinStarsAsync(HonorsServices services, string code, int? minStars, string reason,
        CancellationToken ct)
    {
        var (db, scope, http, clock, _) = services;
        var type = await db.HonorTypes.FirstOrDefaultAsync(t => t.Code == code, ct) ?? throw DomainException.NotFound("honor_types");
        if (!HonorType.RatedOnStars(type.Rule))
            throw new DomainException("honors.not_rated_on_stars", $"“{type.Name}”不按星级评选，不能设定最低星级。", 422);
        var now = clock.GetUtcNow();
        var before = type.MinStars;
        type.MinStars = minStars;
        db.Audit(http.User, now, "honor_type", type.Code, await scope.CallerPathOrNothingAsync(ct), "min_stars_set", before?.ToString(),
            type.MinStars?.ToString(), reason);
        await db.SaveAsync(ct);
        return type;
    }
}
