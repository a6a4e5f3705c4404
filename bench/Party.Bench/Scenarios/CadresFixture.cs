using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Npgsql;
using NpgsqlTypes;
using Party.Common;

namespace Party.Bench.Scenarios;

/// <summary>
/// Benchmark fixture data (压测数据, not real) for the resident-cadres scenarios, written set-based
/// straight into the <c>cadres</c> database of the running system: through the API 10,000 cadres
/// and a month of their check-ins would take far longer than the measurement. Everything is marked
/// as bench data (org codes <c>BENCH-RC-…</c>, names 基准测试…, user ids <c>bench-…</c>) and has a
/// fixed id (<c>md5('party-bench/…')::uuid</c>), so a re-run finds its rows (ON CONFLICT DO NOTHING)
/// and never duplicates them.
/// <list type="bullet">
/// <item>Check-in set: the bench county → 100 townships → 10,500 villages (105 per township), one
/// cadre with an open assignment per village; cadres 1–10,000 are measured, 10,001–10,500 warm up.</item>
/// <item>Close set: one township with 10,000 villages and cadres and, per closed month, the data of
/// services/resident-cadres/…/Data/Bench/close-10k-cadres.sql (its logic, on bench ids and any month).</item>
/// </list>
/// The org units go into the service's replica table (org_units) only: the branches service does
/// not know them, so nothing outside the cadres database is touched.
/// </summary>
public static class CadresFixture
{
    public const int CheckInCadres = 10_000;
    public const int WarmupCadres = 500;
    public const int Townships = 100;
    public const int CloseCadres = 10_000;
    public const string CheckInUserPrefix = "bench-checkin-";
    public const string CloseUserPrefix = "bench-close-";

    public static Guid CountyId => Id("party-bench/county");
    public static Guid CloseTownshipId => Id("party-bench/close/township");
    public static Guid CheckInVillageId(int n) => Id($"party-bench/checkin/village/{n}");
    public static string CheckInUserId(int n) => $"{CheckInUserPrefix}{n:D5}";

    /// <summary>Office position of check-in village n; the SQL below uses the same formula.</summary>
    public static (double Latitude, double Longitude) CheckInOffice(int n) => (28 + (n - 1) % 100 * 0.05, 110 + (n - 1) / 100 * 0.02);

    /// <summary>The same uuid PostgreSQL gives for <c>md5(text)::uuid</c>.</summary>
    public static Guid Id(string key) => Guid.Parse(Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(key))));

    /// <summary>Today as the server decides it: the local day in Asia/Shanghai (the bench runs on the same clock).</summary>
    public static DateOnly Today() => TimeProvider.System.Today();

    /// <summary>The <c>cadres</c> database on the server of <c>--postgres</c> (default: the one of <c>./party run</c>).</summary>
    public static NpgsqlDataSource Open(BenchContext context)
    {
        var builder = new NpgsqlConnectionStringBuilder(context.Options.Postgres)
        {
            Database = "cadres",
            CommandTimeout = 600,
            ApplicationName = "party-bench",
        };
        return NpgsqlDataSource.Create(builder.ConnectionString);
    }

    private const string CountyPath = "'/' || md5('party-bench/county') || '/'";
    private const string CheckInTownshipPath = CountyPath + " || md5('party-bench/checkin/township/' || ((v - 1) % 100 + 1)) || '/'";
    private const string CloseTownshipPath = CountyPath + " || md5('party-bench/close/township') || '/'";

    /// <summary>The bench county with its 100 townships, 10,500 villages and their cadres (one open assignment each).</summary>
    public static async Task EnsureCheckInSetAsync(NpgsqlDataSource db, TextWriter log, CancellationToken ct)
    {
        var villages = CheckInCadres + WarmupCadres;
        if (await ScalarAsync<long>(db, $"SELECT count(*) FROM cadres WHERE user_id LIKE '{CheckInUserPrefix}%'", ct) == villages
            && await ScalarAsync<long>(db, $"""
                SELECT count(*) FROM assignments a JOIN cadres c ON c.id = a.cadre_id
                WHERE c.user_id LIKE '{CheckInUserPrefix}%' AND NOT a.ended AND a.starts_on <= CURRENT_DATE
                """, ct) == villages)
        {
            log.WriteLine($"  fixture: check-in set present ({villages:N0} bench cadres)");
            return;
        }
        var sw = Stopwatch.StartNew();
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await ExecAsync(connection, CountySql, ct);
        await ExecAsync(connection, $"""
            -- Party.Bench fixture: check-in set (100 townships, {villages} villages, one cadre each).
            INSERT INTO org_units (id, code, name, kind, domain, parent_id, path, dissolved, version, events_applied, updated_at)
            SELECT md5('party-bench/checkin/township/' || t)::uuid, 'BENCH-RC-T' || lpad(t::text, 3, '0'),
                   '基准测试乡镇' || lpad(t::text, 3, '0') || '（压测数据）',
                   'TownshipCommittee', 'GovernmentOrgan', md5('party-bench/county')::uuid,
                   {CountyPath} || md5('party-bench/checkin/township/' || t) || '/',
                   false, 1, 1, now()
            FROM generate_series(1, {Townships}) t
            ON CONFLICT DO NOTHING;
            INSERT INTO org_units (id, code, name, kind, domain, parent_id, path, dissolved, version, events_applied, updated_at)
            SELECT md5('party-bench/checkin/village/' || v)::uuid, 'BENCH-RC-V' || lpad(v::text, 5, '0'),
                   '基准测试村' || lpad(v::text, 5, '0') || '（压测数据）',
                   'Branch', 'RuralVillage', md5('party-bench/checkin/township/' || ((v - 1) % 100 + 1))::uuid,
                   {CheckInTownshipPath} || md5('party-bench/checkin/village/' || v) || '/', false, 1, 1, now()
            FROM generate_series(1, {villages}) v
            ON CONFLICT DO NOTHING;
            -- Offices spread over a province-sized area; NULL radius: the county default (1,000 m) applies.
            INSERT INTO village_profiles (village_id, org_path, office_latitude, office_longitude, geofence_radius_meters,
                                          registered_poor_village,
                                          poor_households, poverty_incidence_percent, poverty_data_year, weak_and_lax, requirement,
                                          updated_at)
            SELECT md5('party-bench/checkin/village/' || v)::uuid, {CheckInTownshipPath} || md5('party-bench/checkin/village/' || v) || '/',
                   28 + (v - 1) % 100 * 0.05, 110 + (v - 1) / 100 * 0.02, NULL, v % 5 = 0, v % 40, 0, 2025, false, 'None', now()
            FROM generate_series(1, {villages}) v
            ON CONFLICT DO NOTHING;
            INSERT INTO cadres (id, user_id, name, mobile, dispatching_unit, home_org_id, org_path, created_at)
            SELECT md5('party-bench/checkin/cadre/' || v)::uuid, '{CheckInUserPrefix}' || lpad(v::text, 5, '0'),
                   '基准干部' || lpad(v::text, 5, '0'), NULL,
                   '基准测试派出单位（压测数据）', md5('party-bench/checkin/township/' || ((v - 1) % 100 + 1))::uuid,
                   {CheckInTownshipPath} || md5('party-bench/checkin/village/' || v) || '/', now()
            FROM generate_series(1, {villages}) v
            ON CONFLICT DO NOTHING;
            INSERT INTO assignments (id, cadre_id, village_id, org_path, role, county_dispatched, starts_on, ends_on, ended, end_reason,
                                     created_at)
            SELECT md5('party-bench/checkin/assignment/' || v)::uuid, md5('party-bench/checkin/cadre/' || v)::uuid,
                   md5('party-bench/checkin/village/' || v)::uuid,
                   {CheckInTownshipPath} || md5('party-bench/checkin/village/' || v) || '/',
                   CASE WHEN v % 3 = 0 THEN 'FirstSecretary' ELSE 'TeamMember' END, v % 2 = 0, date '2020-01-01', NULL, false, NULL, now()
            FROM generate_series(1, {villages}) v
            ON CONFLICT DO NOTHING;
            """, ct);
        await tx.CommitAsync(ct);
        await ExecAsync(connection, "ANALYZE org_units; ANALYZE village_profiles; ANALYZE cadres; ANALYZE assignments;", ct);
        log.WriteLine(
            $"  fixture: check-in set written ({villages:N0} bench cadres, {Townships} townships) in {sw.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>
    /// Deletes today's check-ins of the check-in set (and their audit entries), so every run measures
    /// first check-ins of the day. Returns how many there were.
    /// </summary>
    public static async Task<int> ResetTodayAsync(NpgsqlDataSource db, DateOnly today, CancellationToken ct)
    {
        await using var command = db.CreateCommand($"""
            WITH deleted AS (
                DELETE FROM check_ins WHERE day = @day AND cadre_id IN (SELECT id FROM cadres WHERE user_id LIKE '{CheckInUserPrefix}%')
                RETURNING id
            ), audit AS (
                DELETE FROM audit_entries WHERE entity = 'check_in' AND entity_id IN (SELECT id::text FROM deleted)
            )
            SELECT count(*)::int FROM deleted
            """);
        command.Parameters.Add(new NpgsqlParameter("day", NpgsqlDbType.Date) { Value = today });
        return (int)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Today's check-ins of measured cadres 1–10,000, by status and whether any anomaly was flagged.</summary>
    public static async Task<List<string>> TodaySummaryAsync(NpgsqlDataSource db, DateOnly today, CancellationToken ct)
    {
        await using var command = db.CreateCommand($"""
            SELECT ci.status, ci.flags <> 0 AS flagged, count(*)::int
            FROM check_ins ci JOIN cadres c ON c.id = ci.cadre_id
            WHERE ci.day = @day AND c.user_id LIKE '{CheckInUserPrefix}%' AND c.user_id <= '{CheckInUserId(CheckInCadres)}'
            GROUP BY 1, 2 ORDER BY 1, 2
            """);
        command.Parameters.Add(new NpgsqlParameter("day", NpgsqlDbType.Date) { Value = today });
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            lines.Add($"{reader.GetInt32(2):N0} {reader.GetString(0)}{(reader.GetBoolean(1) ? " (flagged)" : "")}");
        return lines;
    }

    /// <summary>
    /// The close township with its 10,000 villages and cadres; one cadre in ten starts on <paramref name="partialFrom"/> (a partial month).
    /// </summary>
    public static async Task EnsureCloseSetAsync(NpgsqlDataSource db, DateOnly partialFrom, TextWriter log, CancellationToken ct)
    {
        if (await ScalarAsync<long>(db, $"""
                SELECT count(*) FROM assignments a JOIN cadres c ON c.id = a.cadre_id
                WHERE c.user_id LIKE '{CloseUserPrefix}%' AND NOT a.ended
                """, ct) == CloseCadres)
        {
            log.WriteLine($"  fixture: close set present ({CloseCadres:N0} bench cadres in township {CloseTownshipId})");
            return;
        }
        var sw = Stopwatch.StartNew();
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await ExecAsync(connection, CountySql, ct);
        const string villagePath = CloseTownshipPath + " || md5('party-bench/close/village/' || i) || '/'";
        await using (var command = new NpgsqlCommand($"""
            -- Party.Bench fixture: close set (one township, {CloseCadres} villages and cadres), after Data/Bench/close-10k-cadres.sql.
            INSERT INTO org_units (id, code, name, kind, domain, parent_id, path, dissolved, version, events_applied, updated_at)
            VALUES (md5('party-bench/close/township')::uuid, 'BENCH-RC-CLOSE', '基准测试关账乡镇（压测数据）', 'TownshipCommittee', 'GovernmentOrgan',
                    md5('party-bench/county')::uuid, {CloseTownshipPath}, false, 1, 1, now())
            ON CONFLICT DO NOTHING;
            INSERT INTO org_units (id, code, name, kind, domain, parent_id, path, dissolved, version, events_applied, updated_at)
            SELECT md5('party-bench/close/village/' || i)::uuid, 'BENCH-RC-CV' || lpad(i::text, 5, '0'),
                   '基准测试关账村' || lpad(i::text, 5, '0') || '（压测数据）',
                   'Branch', 'RuralVillage', md5('party-bench/close/township')::uuid, {villagePath}, false, 1, 1, now()
            FROM generate_series(1, {CloseCadres}) i
            ON CONFLICT DO NOTHING;
            INSERT INTO village_profiles (village_id, org_path, office_latitude, office_longitude, geofence_radius_meters,
                                          registered_poor_village,
                                          poor_households, poverty_incidence_percent, poverty_data_year, weak_and_lax, requirement,
                                          updated_at)
            SELECT md5('party-bench/close/village/' || i)::uuid, {villagePath}, 34 + (i % 100) * 0.01, 113, NULL, i % 5 = 0, i % 40, 0,
                   2025, false, 'None', now()
            FROM generate_series(1, {CloseCadres}) i
            ON CONFLICT DO NOTHING;
            INSERT INTO cadres (id, user_id, name, mobile, dispatching_unit, home_org_id, org_path, created_at)
            SELECT md5('party-bench/close/cadre/' || i)::uuid, '{CloseUserPrefix}' || lpad(i::text, 5, '0'),
                   '基准关账干部' || lpad(i::text, 5, '0'), NULL,
                   '基准测试派出单位（压测数据）', md5('party-bench/close/township')::uuid, {villagePath}, now()
            FROM generate_series(1, {CloseCadres}) i
            ON CONFLICT DO NOTHING;
            INSERT INTO assignments (id, cadre_id, village_id, org_path, role, county_dispatched, starts_on, ends_on, ended, end_reason,
                                     created_at)
            SELECT md5('party-bench/close/assignment/' || i)::uuid, md5('party-bench/close/cadre/' || i)::uuid,
                   md5('party-bench/close/village/' || i)::uuid,
                   {villagePath}, CASE WHEN i % 3 = 0 THEN 'FirstSecretary' ELSE 'TeamMember' END, i % 2 = 0,
                   CASE WHEN i % 10 = 0 THEN @partial_from ELSE date '2020-01-01' END, NULL, false, NULL, now()
            FROM generate_series(1, {CloseCadres}) i
            ON CONFLICT DO NOTHING;
            """, connection, tx))
        {
            command.Parameters.Add(new NpgsqlParameter("partial_from", NpgsqlDbType.Date) { Value = partialFrom });
            await command.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        await ExecAsync(connection, "ANALYZE org_units; ANALYZE village_profiles; ANALYZE cadres; ANALYZE assignments;", ct);
        log.WriteLine($"  fixture: close set written ({CloseCadres:N0} bench cadres, one township) in {sw.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>
    /// One month of the close set's history, as close-10k-cadres.sql has it for March 2026: check-ins
    /// six days in seven (some awaiting approval, some revoked), leaves (approved, or returned early),
    /// approved errands, absence violations from spot checks. Written once per month, in one transaction.
    /// </summary>
    public static async Task EnsureCloseMonthAsync(NpgsqlDataSource db, int year, int month, TextWriter log, CancellationToken ct)
    {
        var from = new DateOnly(year, month, 1);
        var to = from.AddMonths(1).AddDays(-1);
        var tag = $"{year:D4}-{month:D2}";
        await using var connection = await db.OpenConnectionAsync(ct);
        await using (var probe = new NpgsqlCommand(
            "SELECT EXISTS (SELECT 1 FROM check_ins WHERE cadre_id = md5('party-bench/close/cadre/1')::uuid " +
            "AND day BETWEEN @from AND @to)", connection))
        {
            probe.Parameters.Add(new NpgsqlParameter("from", NpgsqlDbType.Date) { Value = from });
            probe.Parameters.Add(new NpgsqlParameter("to", NpgsqlDbType.Date) { Value = to });
            if ((bool)(await probe.ExecuteScalarAsync(ct))!)
            {
                log.WriteLine($"  fixture: {tag} history of the close set present");
                return;
            }
        }
        var sw = Stopwatch.StartNew();
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var command = new NpgsqlCommand($"""
            -- Party.Bench fixture: {tag} of the close set. Check-ins about six days in seven, at the office, 08:30 local time.
            INSERT INTO check_ins (id, cadre_id, village_id, org_path, day, at, latitude, longitude, accuracy_meters, device_id,
                                   distance_meters, flags, status, review_note)
            SELECT gen_random_uuid(), a.cadre_id, a.village_id, a.org_path, d.day, (d.day + time '08:30') AT TIME ZONE 'Asia/Shanghai',
                   v.office_latitude, v.office_longitude, 10, 'bench-device-close-' || i, 0, 0,
                   CASE WHEN (i + extract(day FROM d.day)::int) % 23 = 0 THEN 'PendingApproval'
                        WHEN (i + extract(day FROM d.day)::int) % 37 = 0 THEN 'Revoked' ELSE 'Valid' END, NULL
            FROM generate_series(1, {CloseCadres}) i
            JOIN assignments a ON a.id = md5('party-bench/close/assignment/' || i)::uuid
            JOIN village_profiles v ON v.village_id = a.village_id
            CROSS JOIN LATERAL (SELECT g::date AS day FROM generate_series(@from::timestamp, @to::timestamp, interval '1 day') g) d
            WHERE (i + extract(day FROM d.day)::int) % 7 <> 0 AND d.day >= a.starts_on
            ON CONFLICT DO NOTHING;
            INSERT INTO leaves (id, cadre_id, village_id, org_path, kind, from_day, to_day, reason, status, returned_on, created_at)
            SELECT md5('party-bench/close/leave/{tag}/' || i)::uuid, a.cadre_id, a.village_id, a.org_path, 'Personal', @from + 19,
                   @from + 23, '事假（压测数据）',
                   CASE WHEN i % 2 = 0 THEN 'Approved' ELSE 'Returned' END, CASE WHEN i % 2 = 0 THEN NULL ELSE @from + 21 END, now()
            FROM generate_series(1, {CloseCadres}, 4) i JOIN assignments a ON a.id = md5('party-bench/close/assignment/' || i)::uuid
            ON CONFLICT DO NOTHING;
            INSERT INTO errands (id, cadre_id, village_id, org_path, from_day, to_day, purpose, status, created_at)
            SELECT md5('party-bench/close/errand/{tag}/' || i)::uuid, a.cadre_id, a.village_id, a.org_path, @from + 4, @from + 6,
                   '培训（压测数据）', 'Approved', now()
            FROM generate_series(3, {CloseCadres}, 5) i JOIN assignments a ON a.id = md5('party-bench/close/assignment/' || i)::uuid
            ON CONFLICT DO NOTHING;
            INSERT INTO spot_checks (id, cadre_id, village_id, org_path, day, method, present, note, revoked_check_in_id, violation_id, at,
                                     checked_by)
            SELECT md5('party-bench/close/spot-check/{tag}/' || i)::uuid, a.cadre_id, a.village_id, a.org_path, @from + 11, 'Phone', false,
                   '压测数据', NULL, NULL, now(), 'party-bench'
            FROM generate_series(7, {CloseCadres}, 20) i JOIN assignments a ON a.id = md5('party-bench/close/assignment/' || i)::uuid
            ON CONFLICT DO NOTHING;
            INSERT INTO violations (id, cadre_id, village_id, org_path, day, kind, detail, spot_check_id, at)
            SELECT md5('party-bench/close/violation/{tag}/' || i)::uuid, a.cadre_id, a.village_id, a.org_path, @from + 11, 'Absence',
                   '脱岗（压测数据）',
                   md5('party-bench/close/spot-check/{tag}/' || i)::uuid, now()
            FROM generate_series(7, {CloseCadres}, 20) i JOIN assignments a ON a.id = md5('party-bench/close/assignment/' || i)::uuid
            ON CONFLICT DO NOTHING;
            """, connection, tx))
        {
            command.Parameters.Add(new NpgsqlParameter("from", NpgsqlDbType.Date) { Value = from });
            command.Parameters.Add(new NpgsqlParameter("to", NpgsqlDbType.Date) { Value = to });
            await command.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        await ExecAsync(connection, "ANALYZE check_ins; ANALYZE leaves; ANALYZE errands; ANALYZE spot_checks; ANALYZE violations;", ct);
        log.WriteLine($"  fixture: {tag} history of the close set written in {sw.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>
    /// Undoes an earlier bench close of the close township for this month (its statements and
    /// attendance lines), so the month can be closed — and measured — again. Returns the closes removed.
    /// </summary>
    public static async Task<int> ReopenCloseMonthAsync(NpgsqlDataSource db, int year, int month, CancellationToken ct)
    {
        await using var command = db.CreateCommand("""
            WITH closes AS (SELECT id FROM month_closes WHERE township_id = @township AND year = @year AND month = @month),
            statements AS (DELETE FROM stipend_statements WHERE close_id IN (SELECT id FROM closes)),
            lines AS (DELETE FROM attendance_months WHERE close_id IN (SELECT id FROM closes)),
            removed AS (DELETE FROM month_closes WHERE id IN (SELECT id FROM closes) RETURNING id)
            SELECT count(*)::int FROM removed
            """);
        command.Parameters.Add(new NpgsqlParameter("township", NpgsqlDbType.Uuid) { Value = CloseTownshipId });
        command.Parameters.Add(new NpgsqlParameter("year", NpgsqlDbType.Integer) { Value = year });
        command.Parameters.Add(new NpgsqlParameter("month", NpgsqlDbType.Integer) { Value = month });
        var removed = (int)(await command.ExecuteScalarAsync(ct))!;
        if (removed > 0)
        {
            // The measured close should not wade through the dead rows of the one just undone (a real first close has none).
            await using var vacuum = db.CreateCommand("VACUUM (ANALYZE) stipend_statements, attendance_months, month_closes");
            await vacuum.ExecuteNonQueryAsync(ct);
        }
        return removed;
    }

    private static readonly string CountySql = $"""
        -- Party.Bench fixture: the bench county (root of every bench org unit).
        INSERT INTO org_units (id, code, name, kind, domain, parent_id, path, dissolved, version, events_applied, updated_at)
        VALUES (md5('party-bench/county')::uuid, 'BENCH-RC-COUNTY', '基准测试县委（压测数据）', 'CountyCommittee', 'GovernmentOrgan', NULL,
                {CountyPath},
                false, 1, 1, now())
        ON CONFLICT DO NOTHING;
        """;

    private static async Task ExecAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource db, string sql, CancellationToken ct)
    {
        await using var command = db.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync(ct))!;
    }
}
