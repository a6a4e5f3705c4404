using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Party.Contracts.ResidentCadres;
using Party.Messaging;
using Party.Persistence.Audit;
using Party.ResidentCadres.Apis;
using Party.ResidentCadres.Data;
using Party.ResidentCadres.Domain.Cadres;
using Party.ResidentCadres.Domain.Calendar;
using Party.ResidentCadres.Domain.Settings;
using Party.ResidentCadres.Domain.Stars;
using Party.ServiceDefaults.Idempotency;
using Party.ServiceDefaults.Problems;

namespace Party.ResidentCadres.Application;

/// <summary>Star of the month (驻村工作月标兵, SPEC §5.9): a township's nomination and the county's pick.</summary>
public static class StarNominations
{
    public static IQueryable<NominationResponse> Responses(ResidentCadresDbContext db, IQueryable<StarNomination> nominations) =>
        from n in nominations
        join c in db.Cadres.AsNoTracking() on n.CadreId equals c.Id
        orderby n.Year descending, n.Month descending, c.Name, n.Id
        select new NominationResponse(n.Id, n.CadreId, c.Name, n.VillageId, n.TownshipId, n.Year, n.Month, n.Reason, n.Status,
            n.NominatedAt, n.SelectedAt);

    /// <summary>Nominates a cadre whose month is closed, compliant in every part and without violations (even later ones).</summary>
    public static async Task<StarNomination> NominateAsync(ResidentCadresDbContext db, Cadre cadre, int year, int month, string reason,
        ClaimsPrincipal user, DateTimeOffset now, CancellationToken ct)
    {
        // A month split by a move has a line per township; the cadre is compliant only when every part is.
        var lines = await db.AttendanceMonths.AsNoTracking().Where(a => a.CadreId == cadre.Id && a.Year == year && a.Month == month)
            .OrderBy(a => a.Compliant).ThenByDescending(a => a.AssignedDays).ToListAsync(ct);
        var line = lines.FirstOrDefault();
        var from = BusinessCalendar.FirstOfMonth(year, month);
        var to = BusinessCalendar.LastOfMonth(year, month);
        // Violations recorded after the close count too: a later spot check can still disqualify.
        var violations = await db.Violations.CountAsync(v => v.CadreId == cadre.Id && v.Day >= from && v.Day <= to, ct);
        if (!StarRules.Eligible(line is not null, line?.Compliant ?? false, violations))
        {
            var reasons = new List<string>();
            if (line is null) reasons.Add("当月考勤尚未关账");
            else if (!line.Compliant) reasons.Add($"当月在村 {line.InVillageDays} 天，未达到 {line.RequiredDays} 天");
            if (violations > 0) reasons.Add($"当月有 {violations} 次违规");
            throw new DomainException("stars.not_eligible", $"不符合月标兵推荐条件：{string.Join("；", reasons)}。", 422);
        }
        var village = await db.OrgUnits.AsNoTracking().FirstAsync(u => u.Id == line!.VillageId, ct);
        var nomination = new StarNomination
        {
            Id = Guid.CreateVersion7(), CadreId = cadre.Id, VillageId = line!.VillageId, TownshipId = village.ParentId ?? village.Id,
            OrgPath = line.OrgPath, Year = year, Month = month, Reason = reason, Status = NominationStatus.Nominated, NominatedAt = now,
        };
        db.StarNominations.Add(nomination);
        db.Audit(user, now, "star_nomination", nomination.Id, nomination.OrgPath, "nominated", null,
            NominationStatus.Nominated.ToString(), nomination.Reason);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) when (ApiSupport.IsUniqueViolation(e))
        {
            throw DomainException.Conflict("stars.already_nominated", "该干部本月已被推荐。");
        }
        return nomination;
    }

    /// <summary>
    /// The county's pick, within the monthly cap (counted under a lock on the month), announced to honors with
    /// <see cref="StarOfMonthNominated"/>.
    /// </summary>
    public static async Task SelectAsync(ResidentCadresDbContext db, string prefix, Guid id, ClaimsPrincipal user, TimeProvider clock,
        CancellationToken ct)
    {
        await using var tx = await db.Database.BeginOrJoinTransactionAsync(ct);
        var nomination = await db.StarNominations.FromSqlInterpolated($"SELECT * FROM star_nominations WHERE id = {id} FOR UPDATE")
            .FirstOrDefaultAsync(n => n.OrgPath.StartsWith(prefix), ct) ?? throw DomainException.NotFound("star_nominations");
        if (nomination.Status == NominationStatus.Selected) throw DomainException.Conflict("stars.already_selected", "该推荐已评定为月标兵。");
        var capDay = BusinessCalendar.LastOfMonth(nomination.Year, nomination.Month);
        var cap = (int)await RuleBook.ValueOnAsync(db, RuleKeys.StarsPerMonth, capDay, ct);
        // The cap is per county per month; a transaction-scoped advisory lock on the month makes two concurrent picks count each other.
        await db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_xact_lock({nomination.Year * 100 + nomination.Month})", ct);
        var selected = await db.StarNominations.CountAsync(n => n.OrgPath.StartsWith(prefix) && n.Year == nomination.Year
            && n.Month == nomination.Month && n.Status == NominationStatus.Selected, ct);
        if (!StarRules.CapAllows(selected, cap))
            throw DomainException.Conflict("stars.cap_reached",
                $"{nomination.Year}年{nomination.Month}月已评定 {selected} 名月标兵，达到上限 {cap} 名。");
        var now = clock.GetUtcNow();
        nomination.Status = NominationStatus.Selected;
        nomination.SelectedAt = now;
        var cadre = await db.Cadres.AsNoTracking().FirstAsync(c => c.Id == nomination.CadreId, ct);
        db.AddEvent(new StarOfMonthNominated
        {
            NominationId = nomination.Id, CadreId = nomination.CadreId, CadreName = cadre.Name, VillageId = nomination.VillageId,
            TownshipId = nomination.TownshipId, Year = nomination.Year, Month = nomination.Month, OccurredAt = now,
        }, now);
        db.Audit(user, now, "star_nomination", nomination.Id, nomination.OrgPath, "selected", NominationStatus.Nominated.ToString(),
            NominationStatus.Selected.ToString());
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
