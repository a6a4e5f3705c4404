using Microsoft.EntityFrameworkCore;
using Party.ResidentCadres.Data;
using Party.ResidentCadres.Domain.Dispatch;
using Party.ResidentCadres.Domain.Settings;

namespace Party.ResidentCadres.Application;

/// <summary>Reads effective-dated settings (tariffs, thresholds).</summary>
public static class RuleBook
{
    public static async Task<decimal> ValueOnAsync(ResidentCadresDbContext db, string key, DateOnly day, CancellationToken ct) =>
        await db.RuleSettings.AsNoTracking().Where(s => s.Key == key && s.EffectiveFrom <= day)
            .OrderByDescending(s => s.EffectiveFrom).Select(s => (decimal?)s.Value).FirstOrDefaultAsync(ct)
        ?? RuleKeys.Defaults[key];

    public static async Task<DispatchThresholds> ThresholdsOnAsync(ResidentCadresDbContext db, DateOnly day, CancellationToken ct) => new(
        (int)await ValueOnAsync(db, RuleKeys.FullTeamFromHouseholds, day, ct),
        (int)await ValueOnAsync(db, RuleKeys.WorkTeamFromHouseholds, day, ct),
        await ValueOnAsync(db, RuleKeys.FullTeamAboveIncidencePercent, day, ct));
}
