using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Party.Persistence.Audit;
using Party.ResidentCadres.Data;
using Party.ResidentCadres.Domain.Settings;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;

namespace Party.ResidentCadres.Application;

/// <summary>A tariff or threshold's new value as the county sets it, already validated.</summary>
public sealed record RuleChange(string Key, DateOnly EffectiveFrom, decimal Value, string? Reason);

/// <summary>Setting tariffs and thresholds as effective-dated data: a new value takes effect on its date, history stays.</summary>
public static class RuleChanges
{
    public static async Task<RuleSetting> SetAsync(ResidentCadresDbContext db, RuleChange change, ClaimsPrincipal user, DateTimeOffset now,
        CancellationToken ct)
    {
        var existing = await db.RuleSettings.FirstOrDefaultAsync(s => s.Key == change.Key && s.EffectiveFrom == change.EffectiveFrom, ct);
        if (existing is not null) throw DomainException.Conflict("settings.already_set", "该参数在这一天已有设定；如需更正，请另选生效日期。");
        var setting = new RuleSetting
        {
            Key = change.Key, EffectiveFrom = change.EffectiveFrom, Value = change.Value, CreatedAt = now, CreatedBy = user.Actor(),
        };
        db.RuleSettings.Add(setting);
        db.Audit(user, now, "rule_setting", $"{setting.Key}@{setting.EffectiveFrom:yyyy-MM-dd}", "/", "set", null,
            setting.Value.ToString("0.00"), change.Reason);
        await db.SaveChangesAsync(ct);
        return setting;
    }
}
