using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Party.Common;
using Party.Persistence.Audit;
using Party.ResidentCadres.Apis;
using Party.ResidentCadres.Data;
using Party.ResidentCadres.Domain.Calendar;
using Party.ResidentCadres.Domain.Circulars;
using Party.ResidentCadres.Jobs;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.ResidentCadres.Application;

/// <summary>The weekly circular (每周通报, SPEC §5.7) on demand, and its township totals.</summary>
public static class WeeklyCirculars
{
    /// <summary>
    /// The circular of the week starting <paramref name="weekStart"/> (default: last week), made now unless it exists;
    /// <c>GeneratedNow</c> tells which.
    /// </summary>
    public static async Task<(WeeklyCircular Circular, bool GeneratedNow)> GenerateAsync(ResidentCadresDbContext db, DateOnly weekStart,
        OrgScope scope, ClaimsPrincipal user, DateTimeOffset now, CancellationToken ct)
    {
        var today = BusinessDate.Of(now);
        if (weekStart.AddDays(6) >= today) throw new DomainException("circulars.week_not_over", "该周尚未结束，周一起才能生成上周通报。", 409);
        var generated = await WeeklyCircularGenerator.GenerateAsync(db, weekStart, now, ct);
        if (generated)
        {
            db.Audit(user, now, "weekly_circular", weekStart.ToString("yyyy-MM-dd"), await scope.CallerPathOrNothingAsync(ct),
                "generated");
            await db.SaveChangesAsync(ct);
        }
        var circular = await db.Circulars.AsNoTracking().FirstOrDefaultAsync(c => c.WeekStart == weekStart, ct)
            ?? throw DomainException.Conflict("circulars.busy", "通报正在由其他实例生成，请稍后再试。");
        return (circular, generated);
    }

    /// <summary>The week that a circular without a given week is about: the one before this one.</summary>
    public static DateOnly LastWeek(DateOnly today) => BusinessCalendar.WeekStart(today).AddDays(-7);

    public static Task<List<CircularTownshipTotal>> TownshipTotalsAsync(ResidentCadresDbContext db, DateOnly week, string prefix,
        CancellationToken ct) =>
        db.Database.SqlQuery<CircularTownshipTotal>($"""
            SELECT l.township_id, u.name AS township_name, count(*)::int AS cadres,
                   SUM(l.in_village_days_week)::int AS in_village_days_week,
                   SUM(l.leave_days_week)::int AS leave_days_week, SUM(l.violations_week)::int AS violations,
                   count(*) FILTER (WHERE l.non_compliant)::int AS non_compliant
            FROM weekly_circular_lines l JOIN org_units u ON u.id = l.township_id
            WHERE l.week_start = {week} AND l.org_path LIKE {prefix} || '%'
            GROUP BY l.township_id, u.name, u.code ORDER BY u.code
            """).ToListAsync(ct);
}
