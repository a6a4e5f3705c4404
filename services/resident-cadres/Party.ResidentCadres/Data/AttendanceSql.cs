using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Party.ResidentCadres.Domain.Attendance;
using Party.ResidentCadres.Domain.Calendar;
using Party.ResidentCadres.Domain.Settings;
using Party.ResidentCadres.Domain.Stipends;

namespace Party.ResidentCadres.Data;

/// <summary>One cadre's month as the database computes it (attendance and stipend).</summary>
public sealed record CadreMonthFigures(Guid CadreId, string CadreName, Guid VillageId, string VillageName, string OrgPath, int AssignedDays,
    int InVillageDays, int RequiredDays, bool Compliant, int Violations, int LeaveDays, int ErrandDays, decimal Living, decimal Transport,
    decimal Communication)
{
    public decimal Total => Living + Transport + Communication;
}

/// <summary>
/// The set-based form of the attendance and stipend rules (Domain/Attendance/AttendanceRules.cs,
/// Domain/Stipends/StipendCalculator.cs): in-village days, the scaled requirement and each stipend
/// component for every cadre of a subtree in one statement, so a month close stays fast at
/// province scale. API tests hold the two forms to the same numbers.
/// </summary>
public static class AttendanceSql
{
    /// <summary>
    /// (cadre_id, day) pairs that count as in village in [@from, @to] for cadres in <c>cadre_set</c>:
    /// a counted check-in or an approved errand, minus every leave day actually taken.
    /// </summary>
    public const string InVillageDaysCte = """
        in_village AS (
            SELECT c.cadre_id, c.day FROM check_ins c
            WHERE c.day BETWEEN @from AND @to AND c.status IN ('Valid', 'Approved') AND c.cadre_id IN (SELECT cadre_id FROM cadre_set)
            UNION
            SELECT e.cadre_id, d::date FROM errands e
            CROSS JOIN LATERAL generate_series(GREATEST(e.from_day, @from), LEAST(e.to_day, @to), interval '1 day') d
            WHERE e.status = 'Approved' AND e.from_day <= @to AND e.to_day >= @from AND e.cadre_id IN (SELECT cadre_id FROM cadre_set)
            EXCEPT
            SELECT l.cadre_id, d::date FROM leaves l
            CROSS JOIN LATERAL generate_series(GREATEST(l.from_day, @from),
                LEAST(CASE WHEN l.status = 'Returned' THEN l.returned_on - 1 ELSE l.to_day END, l.to_day, @to), interval '1 day') d
            WHERE l.status IN ('Approved', 'Returned') AND l.from_day <= @to AND l.to_day >= @from
              AND l.cadre_id IN (SELECT cadre_id FROM cadre_set)
        )
        """;

    /// <summary>
    /// Every cadre with an assignment in the subtree @prefix overlapping [@from, @to] (optionally
    /// one cadre), with their figures. The village is that of the latest assignment in the period.
    /// A cadre who moved between townships mid-month is split by assignment: each subtree counts
    /// only the days its own assignments cover (check-ins, errands, leave and violations alike),
    /// scales the requirement to those days, and pays the share of the monthly transport and
    /// communication tariffs that its days are of all the cadre's assigned days that month.
    /// </summary>
    public const string MonthFiguresCtes = $"""
        assigned AS (
            SELECT a.cadre_id, a.village_id, a.org_path, a.starts_on,
                   GREATEST(a.starts_on, @from) AS from_day, LEAST(COALESCE(a.ends_on, @to), @to) AS to_day
            FROM assignments a
            WHERE a.org_path LIKE @prefix || '%' AND a.starts_on <= @to AND (a.ends_on IS NULL OR a.ends_on >= @from)
              AND (@cadre IS NULL OR a.cadre_id = @cadre)
        ),
        cadre_set AS (
            SELECT s.cadre_id,
                   (array_agg(s.village_id ORDER BY s.starts_on DESC))[1] AS village_id,
                   (array_agg(s.org_path ORDER BY s.starts_on DESC))[1] AS org_path,
                   SUM(s.to_day - s.from_day + 1)::int AS assigned_days
            FROM assigned s
            GROUP BY s.cadre_id
        ),
        month_assigned AS (
            -- All of the cadre's assigned days this month, in whatever township: the whole the shares are taken of.
            SELECT a.cadre_id, SUM(LEAST(COALESCE(a.ends_on, @to), @to) - GREATEST(a.starts_on, @from) + 1)::int AS days
            FROM assignments a
            WHERE a.cadre_id IN (SELECT cadre_id FROM cadre_set) AND a.starts_on <= @to AND (a.ends_on IS NULL OR a.ends_on >= @from)
            GROUP BY a.cadre_id
        ),
        {InVillageDaysCte},
        day_counts AS (
            SELECT iv.cadre_id, count(*)::int AS n, SUM((@living_rates)[extract(day FROM iv.day)::int]) AS living
            FROM in_village iv
            WHERE EXISTS (SELECT 1 FROM assigned s WHERE s.cadre_id = iv.cadre_id AND iv.day BETWEEN s.from_day AND s.to_day)
            GROUP BY iv.cadre_id
        ),
        violation_counts AS (
            SELECT v.cadre_id, count(*)::int AS n FROM violations v
            WHERE v.day BETWEEN @from AND @to
              AND EXISTS (SELECT 1 FROM assigned s WHERE s.cadre_id = v.cadre_id AND v.day BETWEEN s.from_day AND s.to_day)
            GROUP BY v.cadre_id
        ),
        -- The leave days actually taken (a return ends the leave the day before) and the approved errand days, both inside the
        -- subtree's assignments: the attendance table shows them beside the days counted.
        leave_counts AS (
            SELECT l.cadre_id, count(DISTINCT d)::int AS n FROM leaves l
            CROSS JOIN LATERAL generate_series(GREATEST(l.from_day, @from),
                LEAST(CASE WHEN l.status = 'Returned' THEN l.returned_on - 1 ELSE l.to_day END, l.to_day, @to), interval '1 day') d
            WHERE l.status IN ('Approved', 'Returned') AND l.from_day <= @to AND l.to_day >= @from
              AND l.cadre_id IN (SELECT cadre_id FROM cadre_set)
              AND EXISTS (SELECT 1 FROM assigned s WHERE s.cadre_id = l.cadre_id AND d::date BETWEEN s.from_day AND s.to_day)
            GROUP BY l.cadre_id
        ),
        errand_counts AS (
            SELECT e.cadre_id, count(DISTINCT d)::int AS n FROM errands e
            CROSS JOIN LATERAL generate_series(GREATEST(e.from_day, @from), LEAST(e.to_day, @to), interval '1 day') d
            WHERE e.status = 'Approved' AND e.from_day <= @to AND e.to_day >= @from AND e.cadre_id IN (SELECT cadre_id FROM cadre_set)
              AND EXISTS (SELECT 1 FROM assigned s WHERE s.cadre_id = e.cadre_id AND d::date BETWEEN s.from_day AND s.to_day)
            GROUP BY e.cadre_id
        ),
        figures AS (
            SELECT cs.cadre_id, cd.name AS cadre_name, cs.village_id, COALESCE(u.name, '') AS village_name, cs.org_path, cs.assigned_days,
                   COALESCE(dc.n, 0) AS in_village_days, req.days AS required_days,
                   COALESCE(dc.n, 0) >= req.days AS compliant, COALESCE(vc.n, 0) AS violations,
                   COALESCE(lc.n, 0) AS leave_days, COALESCE(ec.n, 0) AS errand_days,
                   ROUND(COALESCE(dc.living, 0), 2) AS living,
                   -- StipendCalculator.Monthly: one division at the end, so C# and numeric agree to the cent.
                   ROUND(@transport_day_sum * LEAST(COALESCE(dc.n, 0), req.days) * cs.assigned_days
                         / (@days_in_month * req.days * ma.days), 2) AS transport,
                   ROUND(@communication_day_sum * LEAST(COALESCE(dc.n, 0), req.days) * cs.assigned_days
                         / (@days_in_month * req.days * ma.days), 2) AS communication
            FROM cadre_set cs
            JOIN cadres cd ON cd.id = cs.cadre_id
            JOIN month_assigned ma ON ma.cadre_id = cs.cadre_id
            LEFT JOIN day_counts dc ON dc.cadre_id = cs.cadre_id
            LEFT JOIN violation_counts vc ON vc.cadre_id = cs.cadre_id
            LEFT JOIN leave_counts lc ON lc.cadre_id = cs.cadre_id
            LEFT JOIN errand_counts ec ON ec.cadre_id = cs.cadre_id
            LEFT JOIN org_units u ON u.id = cs.village_id
            CROSS JOIN LATERAL (
                -- AttendanceRules.RequiredDays: a partial month scales the requirement, rounded up.
                SELECT CASE WHEN cs.assigned_days >= @days_in_month THEN @required_full
                            ELSE CEIL(@required_full::numeric * cs.assigned_days / @days_in_month)::int END AS days) req
        )
        """;

    /// <summary>
    /// The month's effective-dated tariffs resolved by the pure rule (StipendCalculator.ForMonth) into
    /// per-day rates and sums, so the statement itself only counts days.
    /// </summary>
    public static async Task<NpgsqlParameter[]> MonthParametersAsync(ResidentCadresDbContext db, string prefix, int year, int month,
        Guid? cadre, CancellationToken ct)
    {
        var settings = await db.RuleSettings.AsNoTracking().ToListAsync(ct);
        EffectiveSchedule Schedule(string key) => new(settings.Where(s => s.Key == key).Select(s => (s.EffectiveFrom, s.Value))
            .DefaultIfEmpty((RuleKeys.DefaultsFrom, RuleKeys.Defaults[key])));
        var tariffs = StipendCalculator.ForMonth(year, month,
            new StipendTariffs(Schedule(RuleKeys.LivingPerDay), Schedule(RuleKeys.TransportPerMonth),
                Schedule(RuleKeys.CommunicationPerMonth)));
        var required = (int)Schedule(RuleKeys.RequiredDaysPerMonth).On(BusinessCalendar.LastOfMonth(year, month));
        return
        [
            .. MonthParameters(prefix, year, month, cadre),
            new("living_rates", NpgsqlDbType.Array | NpgsqlDbType.Numeric) { Value = tariffs.LivingRateByDay },
            new("transport_day_sum", NpgsqlDbType.Numeric) { Value = tariffs.TransportDaySum },
            new("communication_day_sum", NpgsqlDbType.Numeric) { Value = tariffs.CommunicationDaySum },
            new("required_full", NpgsqlDbType.Integer) { Value = required },
        ];
    }

    private static NpgsqlParameter[] MonthParameters(string prefix, int year, int month, Guid? cadre) =>
    [
        new("prefix", NpgsqlDbType.Text) { Value = prefix },
        new("from", NpgsqlDbType.Date) { Value = BusinessCalendar.FirstOfMonth(year, month) },
        new("to", NpgsqlDbType.Date) { Value = BusinessCalendar.LastOfMonth(year, month) },
        new("days_in_month", NpgsqlDbType.Integer) { Value = DateTime.DaysInMonth(year, month) },
        new("cadre", NpgsqlDbType.Uuid) { Value = (object?)cadre ?? DBNull.Value },
    ];

    /// <summary>Figures of a month that is still open (or for comparison with a closed one); nothing is written.</summary>
    public static async Task<List<CadreMonthFigures>> FiguresAsync(ResidentCadresDbContext db, string prefix, int year, int month,
        Guid? cadre, CancellationToken ct) =>
        await db.Database.SqlQueryRaw<CadreMonthFigures>($"""
            WITH {MonthFiguresCtes}
            SELECT cadre_id AS cadre_id, cadre_name AS cadre_name, village_id AS village_id, village_name AS village_name,
                   org_path AS org_path,
                   assigned_days AS assigned_days, in_village_days AS in_village_days, required_days AS required_days,
                   compliant AS compliant, violations AS violations, leave_days AS leave_days, errand_days AS errand_days,
                   living AS living, transport AS transport, communication AS communication
            FROM figures ORDER BY cadre_name, cadre_id
            """, await MonthParametersAsync(db, prefix, year, month, cadre, ct)).ToListAsync(ct);

    /// <summary>The month's figures' parameters plus those of a close writing its rows.</summary>
    private static async Task<NpgsqlParameter[]> CloseParametersAsync(ResidentCadresDbContext db, Guid closeId, string prefix, int year,
        int month, DateTimeOffset now, CancellationToken ct) =>
        (await MonthParametersAsync(db, prefix, year, month, null, ct)).Concat([
            new NpgsqlParameter("close_id", NpgsqlDbType.Uuid) { Value = closeId },
            new NpgsqlParameter("year", NpgsqlDbType.Integer) { Value = year },
            new NpgsqlParameter("month", NpgsqlDbType.Integer) { Value = month },
            new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = now.UtcDateTime },
        ]).ToArray();

    /// <summary>
    /// The close in one statement: each cadre's attendance line and regular stipend statement,
    /// both from the same figures. Returns the number of cadres.
    /// </summary>
    public static async Task<int> InsertCloseAsync(ResidentCadresDbContext db, Guid closeId, string prefix, int year, int month,
        DateTimeOffset now, CancellationToken ct)
    {
        var parameters = await CloseParametersAsync(db, closeId, prefix, year, month, now, ct);
        return await db.Database.ExecuteSqlRawAsync($"""
            WITH {MonthFiguresCtes},
            lines AS (
                INSERT INTO attendance_months (close_id, cadre_id, village_id, org_path, year, month, assigned_days, in_village_days,
                                               required_days, compliant, violations)
                SELECT @close_id, cadre_id, village_id, org_path, @year, @month, assigned_days, in_village_days, required_days, compliant,
                       violations
                FROM figures
                RETURNING cadre_id
            )
            INSERT INTO stipend_statements (id, close_id, cadre_id, village_id, org_path, year, month, kind, in_village_days, required_days,
                                            living, transport, communication, total, status, created_at)
            SELECT gen_random_uuid(), @close_id, f.cadre_id, f.village_id, f.org_path, @year, @month, 'Regular', f.in_village_days,
                   f.required_days,
                   f.living, f.transport, f.communication, f.living + f.transport + f.communication, 'PendingTownship', @now
            FROM figures f JOIN lines l ON l.cadre_id = f.cadre_id
            """, parameters, ct);
    }

    /// <summary>
    /// Adjusting statements (调整单) for a closed month: for each cadre of the close whose figures now
    /// differ from the sum of their statements so far, a statement carrying the difference.
    /// </summary>
    public static async Task<int> InsertAdjustmentsAsync(ResidentCadresDbContext db, Guid closeId, string prefix, int year, int month,
        DateTimeOffset now, CancellationToken ct)
    {
        var parameters = await CloseParametersAsync(db, closeId, prefix, year, month, now, ct);
        return await db.Database.ExecuteSqlRawAsync($"""
            WITH {MonthFiguresCtes},
            stated AS (
                SELECT cadre_id, SUM(living) AS living, SUM(transport) AS transport, SUM(communication) AS communication
                FROM stipend_statements WHERE close_id = @close_id GROUP BY cadre_id
            )
            INSERT INTO stipend_statements (id, close_id, cadre_id, village_id, org_path, year, month, kind, in_village_days, required_days,
                                            living, transport, communication, total, status, created_at)
            SELECT gen_random_uuid(), @close_id, f.cadre_id, f.village_id, f.org_path, @year, @month, 'Adjusting', f.in_village_days,
                   f.required_days,
                   f.living - s.living, f.transport - s.transport, f.communication - s.communication,
                   (f.living - s.living) + (f.transport - s.transport) + (f.communication - s.communication), 'PendingTownship', @now
            FROM figures f JOIN stated s ON s.cadre_id = f.cadre_id
            WHERE (f.living, f.transport, f.communication) IS DISTINCT FROM (s.living, s.transport, s.communication)
            """, parameters, ct);
    }
}
