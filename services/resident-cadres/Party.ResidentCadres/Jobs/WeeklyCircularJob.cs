using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using Party.Common;
using Party.Persistence.Jobs;
using Party.ResidentCadres.Data;
using Party.ResidentCadres.Domain.Attendance;
using Party.ResidentCadres.Domain.Calendar;
using Party.ResidentCadres.Domain.Settings;
using Party.ServiceDefaults.Idempotency;

namespace Party.ResidentCadres.Jobs;

/// <summary>
/// Every Monday (checked periodically, so a replica that was down catches up) the circular of the
/// week before is generated. Replicas take a PostgreSQL advisory lock, and the week's row is the
/// idempotency key, so the circular is made once however many replicas or runs there are.
/// </summary>
public sealed class WeeklyCircularJob(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration config,
    ILogger<WeeklyCircularJob> log) : PeriodicJob(scopes, clock, config, log)
{
    protected override string Name => "Weekly circular check";
    protected override string IntervalSecondsKey => "Party:ResidentCadres:CircularCheckSeconds";
    protected override TimeSpan DefaultInterval => TimeSpan.FromSeconds(600);

    protected override async Task RunOnceAsync(IServiceProvider scoped, CancellationToken ct)
    {
        var db = scoped.GetRequiredService<ResidentCadresDbContext>();
        var lastWeek = BusinessCalendar.WeekStart(Clock.Today()).AddDays(-7);
        if (await WeeklyCircularGenerator.GenerateAsync(db, lastWeek, Clock.GetUtcNow(), ct))
            Log.LogInformation("Weekly circular for the week of {WeekStart} generated", lastWeek);
    }
}

public static class WeeklyCircularGenerator
{
    private const long LockKey = 0x5243_4349_5243; // "RCCIRC": this job's advisory-lock id.

    /// <summary>
    /// Generates the circular of the week starting <paramref name="weekStart"/> unless it exists; true when this call made it.
    /// </summary>
    public static async Task<bool> GenerateAsync(ResidentCadresDbContext db, DateOnly weekStart, DateTimeOffset now, CancellationToken ct)
    {
        var weekEnd = weekStart.AddDays(6);
        var monthStart = new DateOnly(weekEnd.Year, weekEnd.Month, 1);
        await using var tx = await db.Database.BeginOrJoinTransactionAsync(ct);
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = tx.GetDbTransaction();
        command.CommandText = $"SELECT pg_try_advisory_xact_lock({LockKey})";
        var locked = (bool)(await command.ExecuteScalarAsync(ct))!;
        if (!locked) return false;
        var inserted = await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO weekly_circulars (week_start, generated_at) VALUES ({weekStart}, {now}) ON CONFLICT DO NOTHING", ct);
        if (inserted == 0) return false;
        await db.Database.ExecuteSqlRawAsync($"""
            WITH cadre_set AS (
                SELECT DISTINCT ON (a.cadre_id) a.cadre_id, a.village_id, a.org_path,
                       LEAST(COALESCE(a.ends_on, @week_end), @week_end) - GREATEST(a.starts_on, @month_start) + 1 AS elapsed_days
                FROM assignments a
                WHERE a.starts_on <= @week_end AND (a.ends_on IS NULL OR a.ends_on >= @week_start)
                ORDER BY a.cadre_id, a.starts_on DESC
            ),
            {AttendanceSql.InVillageDaysCte},
            required_full AS (
                SELECT value AS days FROM rule_settings WHERE key = '{RuleKeys.RequiredDaysPerMonth}' AND effective_from <= @week_end
                ORDER BY effective_from DESC LIMIT 1
            ),
            leave_days AS (
                SELECT l.cadre_id, count(*)::int AS n FROM leaves l
                CROSS JOIN LATERAL generate_series(GREATEST(l.from_day, @week_start),
                    LEAST(CASE WHEN l.status = 'Returned' THEN l.returned_on - 1 ELSE l.to_day END, l.to_day, @week_end),
                    interval '1 day') d
                WHERE l.status IN ('Approved', 'Returned') AND l.from_day <= @week_end AND l.to_day >= @week_start
                GROUP BY l.cadre_id
            ),
            counts AS (
                SELECT cadre_id, count(*) FILTER (WHERE day >= @week_start)::int AS week_days,
                       count(*) FILTER (WHERE day >= @month_start)::int AS month_days
                FROM in_village GROUP BY cadre_id
            ),
            violation_counts AS (
                SELECT cadre_id, count(*)::int AS n FROM violations WHERE day BETWEEN @week_start AND @week_end GROUP BY cadre_id
            )
            INSERT INTO weekly_circular_lines (week_start, cadre_id, cadre_name, village_id, township_id, org_path, in_village_days_week,
                                               in_village_days_month, leave_days_week, violations_week, non_compliant)
            SELECT @week_start, cs.cadre_id, cd.name, cs.village_id, COALESCE(u.parent_id, cs.village_id), cs.org_path,
                   COALESCE(c.week_days, 0), COALESCE(c.month_days, 0), COALESCE(ld.n, 0), COALESCE(vc.n, 0),
                   -- AttendanceRules.BehindPace, or any violation this week.
                   COALESCE(vc.n, 0) > 0
                   OR COALESCE(c.month_days, 0) < CEIL((SELECT days FROM required_full) * GREATEST(cs.elapsed_days, 0) / @days_in_month)
            FROM cadre_set cs
            JOIN cadres cd ON cd.id = cs.cadre_id
            LEFT JOIN org_units u ON u.id = cs.village_id
            LEFT JOIN counts c ON c.cadre_id = cs.cadre_id
            LEFT JOIN leave_days ld ON ld.cadre_id = cs.cadre_id
            LEFT JOIN violation_counts vc ON vc.cadre_id = cs.cadre_id
            """,
            new NpgsqlParameter("week_start", NpgsqlDbType.Date) { Value = weekStart },
            new NpgsqlParameter("week_end", NpgsqlDbType.Date) { Value = weekEnd },
            new NpgsqlParameter("month_start", NpgsqlDbType.Date) { Value = monthStart },
            new NpgsqlParameter("from", NpgsqlDbType.Date) { Value = weekStart < monthStart ? weekStart : monthStart },
            new NpgsqlParameter("to", NpgsqlDbType.Date) { Value = weekEnd },
            new NpgsqlParameter("days_in_month", NpgsqlDbType.Numeric)
            {
                Value = (decimal)DateTime.DaysInMonth(weekEnd.Year, weekEnd.Month),
            });
        await tx.CommitAsync(ct);
        return true;
    }
}
