using Microsoft.EntityFrameworkCore;
using Party.Members.Data;
using Party.Members.Domain.Members;
using Party.Members.Domain.Points;

namespace Party.Members.Application;

/// <summary>The county's settings in force on a date (each is stored with its effective date, never a constant in code).</summary>
public static class CountySettings
{
    /// <summary>The points rules in force on a date.</summary>
    public static async Task<PointsRules> PointsRulesOnAsync(MembersDbContext db, DateOnly date, CancellationToken ct) =>
        await db.Set<PointsRules>().AsNoTracking()
            .Where(r => r.EffectiveFrom <= date)
            .OrderByDescending(r => r.EffectiveFrom)
            .FirstOrDefaultAsync(ct)
        ?? PointsRules.Defaults();

    /// <summary>The member rules (public-notice days, lost-contact months) in force on a date.</summary>
    public static async Task<MemberRuleSettings> MemberRulesOnAsync(MembersDbContext db, DateOnly on, CancellationToken ct) =>
        await db.Set<MemberRuleSettings>().AsNoTracking()
            .Where(s => s.EffectiveFrom <= on)
            .OrderByDescending(s => s.EffectiveFrom)
            .FirstOrDefaultAsync(ct)
        ?? MemberRuleSettings.Default;
}
