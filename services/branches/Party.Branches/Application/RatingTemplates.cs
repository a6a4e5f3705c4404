using Microsoft.EntityFrameworkCore;
using Party.Branches.Apis;
using Party.Branches.Data;
using Party.Branches.Domain.OrgUnits;
using Party.Branches.Domain.Ratings;
using Party.Persistence.Audit;
using Party.ServiceDefaults.Problems;

namespace Party.Branches.Application;

/// <summary>Rating templates: the five dimensions a domain is rated on, each version from an effective year.</summary>
public static class RatingTemplates
{
    /// <summary>The template in force for a domain in a year: the latest one effective then.</summary>
    public static async Task<RatingTemplate> ForAsync(BranchesDbContext db, OrgDomain domain, int year, CancellationToken ct) =>
        await db.RatingTemplates.AsNoTracking()
            .Where(t => t.Domain == domain && t.EffectiveYear <= year)
            .OrderByDescending(t => t.EffectiveYear)
            .FirstOrDefaultAsync(ct)
        ?? throw new DomainException("ratings.no_template", "该领域在此年度没有可用的评星模板，请先由县委组织部设定。", 422);

    public static async Task<RatingTemplate> GetAsync(BranchesDbContext db, string? domain, int? year, CancellationToken ct)
    {
        var d = QueryEnums.Parse<OrgDomain>(domain, "domain");
        new Validator()
            .Check(d is not null, "domain", "请指定领域。")
            .Check(year is null or >= 2000 and <= 2100, "year", "年份须在 2000–2100 之间。")
            .ThrowIfInvalid();
        return await ForAsync(db, d!.Value, year ?? 2100, ct);
    }

    public static async Task<RatingTemplate> CreateAsync(BranchesServices services, CreateTemplateRequest request, CancellationToken ct)
    {
        var (db, _, http, clock) = services;
        var v = new Validator().Check(request.Domain is not null, "domain", "请指定领域。")
            .Check(request.EffectiveYear is >= 2000 and <= 2100, "effectiveYear", "起用年度须在 2000–2100 之间。");
        foreach (var (field, message) in RatingTemplate.Problems(request.Dimensions)) v.Check(false, field, message);
        v.ThrowIfInvalid();
        if (await db.RatingTemplates.AnyAsync(t => t.Domain == request.Domain && t.EffectiveYear == request.EffectiveYear, ct))
            throw DomainException.Conflict("ratings.template_exists", "该领域该年度已有评星模板；如需调整请设定下一年度起用的新模板。");
        var now = clock.GetUtcNow();
        var template = new RatingTemplate
        {
            Id = Guid.CreateVersion7(), Domain = request.Domain!.Value, EffectiveYear = request.EffectiveYear!.Value,
            Dimensions = request.Dimensions!.Select(d => d with { Key = d.Key.Trim(), Name = d.Name.Trim() }).ToList(), CreatedAt = now,
        };
        db.RatingTemplates.Add(template);
        db.Audit(http.User, now, "rating_template", template.Id, "/", "created", to: $"{template.Domain} {template.EffectiveYear}");
        await db.SaveChangesAsync(ct);
        return template;
    }
}
