using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Party.Members.Data;
using Party.Members.Domain.Points;
using Party.Members.Jobs;

namespace Party.Bench.Scenarios;

public sealed record AnnualBenchResult(
    int Counties, int Members, long Entries, int Branches, TimeSpan Generate, TimeSpan Close, CloseSummary Summary);

/// <summary>
/// Data generator and timer for the year-end close at county (20,000 members) and province (100 counties)
/// scale: the tree, members and a year of approved entries are made with generate_series INSERT…SELECT,
/// then every branch is closed by <see cref="YearEndClose.CloseAsync"/>, the service's own close. Meant for an empty
/// database of its own (<see cref="MembersAnnualScenario"/>); it never touches a live one.
/// </summary>
public static class MembersAnnualFixture
{
    public const int MembersPerBranch = 20;
    public const int BranchesPerTownship = 50;

    public static async Task<AnnualBenchResult> RunAsync(MembersDbContext db, IServiceScopeFactory scopes,
        int counties, int membersPerCounty, int year, bool reuse, Action<string>? log = null)
    {
        var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        if (conn.State != System.Data.ConnectionState.Open) await conn.OpenAsync();
        var branchesPerCounty = membersPerCounty / MembersPerBranch;
        var townshipsPerCounty = Math.Max(1, branchesPerCounty / BranchesPerTownship);
        var sw = Stopwatch.StartNew();

        async Task Exec(string what, string sql)
        {
            var t = Stopwatch.StartNew();
            await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
            cmd.Parameters.AddWithValue("counties", counties);
            cmd.Parameters.AddWithValue("townships", townshipsPerCounty);
            cmd.Parameters.AddWithValue("branches", branchesPerCounty);
            cmd.Parameters.AddWithValue("members", membersPerCounty);
            cmd.Parameters.AddWithValue("year", year);
            var rows = await cmd.ExecuteNonQueryAsync();
            log?.Invoke($"  {what}: {rows} rows in {t.Elapsed.TotalSeconds:0.0} s");
        }

        if (reuse)
        {
            await Exec("undo the earlier close", """
                TRUNCATE points_year_closes, points_annual_assessments, points_follow_ups, outbox_messages, audit_entries;
                UPDATE members SET priority_candidate = false WHERE priority_candidate;
                """);
        }
        else
        {
            await Exec("province and counties", """
                INSERT INTO org_units (id, code, name, kind, domain, parent_id, path, dissolved, version, events_applied, updated_at)
                SELECT md5('bench-province')::uuid, 'BP', '省委', 'ProvinceCommittee', 'GovernmentOrgan', NULL,
                       '/' || md5('bench-province') || '/', false, 1, 1, now()
                UNION ALL
                SELECT md5('bench-county-' || c)::uuid, 'BC' || c, '县委' || c, 'CountyCommittee', 'GovernmentOrgan',
                       md5('bench-province')::uuid,
                       '/' || md5('bench-province') || '/' || md5('bench-county-' || c) || '/', false, 1, 1, now()
                FROM generate_series(1, @counties) c
                """);
            await Exec("townships", """
                INSERT INTO org_units (id, code, name, kind, domain, parent_id, path, dissolved, version, events_applied, updated_at)
                SELECT md5('bench-town-' || c || '-' || t)::uuid, 'BT' || c || '-' || t, '乡镇' || t, 'TownshipCommittee', 'GovernmentOrgan',
                       md5('bench-county-' || c)::uuid,
                       '/' || md5('bench-province') || '/' || md5('bench-county-' || c) || '/'
                           || md5('bench-town-' || c || '-' || t) || '/', false, 1, 1, now()
                FROM generate_series(1, @counties) c, generate_series(0, @townships - 1) t
                """);
            await Exec("branches", """
                INSERT INTO org_units (id, code, name, kind, domain, parent_id, path, dissolved, version, events_applied, updated_at)
                SELECT md5('bench-branch-' || c || '-' || b)::uuid, 'BB' || c || '-' || b, '村党支部' || b, 'Branch', 'RuralVillage',
                       md5('bench-town-' || c || '-' || (b % @townships))::uuid,
                       '/' || md5('bench-province') || '/' || md5('bench-county-' || c) || '/'
                           || md5('bench-town-' || c || '-' || (b % @townships)) || '/'
                           || md5('bench-branch-' || c || '-' || b) || '/', false, 1, 1, now()
                FROM generate_series(1, @counties) c, generate_series(0, @branches - 1) b
                """);
            // Stages: mostly full members, some probationary and activists (the close's follow-up rules see all kinds).
            await Exec("members", """
                INSERT INTO members (id, name, sex, ethnicity, birth_date, citizen_id, branch_id, org_path, stage, status,
                                     priority_candidate, created_at, updated_at)
                SELECT gen_random_uuid(), '党员' || n, CASE WHEN n % 3 = 0 THEN 'Female' ELSE 'Male' END, '汉族',
                       DATE '1960-01-01' + (n % 15000),
                       'B' || lpad(n::text, 17, '0'), u.id, u.path,
                       CASE WHEN n % 50 = 0 THEN 'Activist' WHEN n % 25 = 0 THEN 'Probationary' ELSE 'Full' END, 'Active', false, now(),
                       now()
                FROM (SELECT n, 1 + (n - 1) / @members AS c, (n - 1) % @branches AS b FROM generate_series(1, @counties * @members) n) g
                JOIN org_units u ON u.id = md5('bench-branch-' || g.c || '-' || g.b)::uuid
                """);
            // A year of approved entries: the four base items (one missed by 1 in 20), 0–3 contributions, a deduction for 1 in 10,
            // a veto for 1 in 500. The hash is masked, not abs(): abs(-2147483648) overflows, and among 2 M random member ids
            // one hashed to it (the province run of 2026-12-05 stopped on "integer out of range").
            await Exec("entries", """
                INSERT INTO points_entries (id, member_id, branch_id, org_path, year, occurred_on, window_start, item_code, item_name,
                                            kind, points, cap_per_year,
                                            source, status, is_correction, created_at, created_by)
                SELECT gen_random_uuid(), m.id, m.branch_id, m.org_path, @year, e.occurred_on,
                       CASE WHEN extract(day FROM e.occurred_on) >= 15 THEN date_trunc('month', e.occurred_on)::date + 14
                            ELSE (date_trunc('month', e.occurred_on) - interval '1 month')::date + 14 END,
                       e.code, e.code, e.kind, e.points, e.cap, 'BranchRecorded', 'Approved', false, now(), 'bench'
                FROM (SELECT id, branch_id, org_path, hashtext(id::text) & 2147483647 AS h FROM members) m
                CROSS JOIN LATERAL (
                    SELECT 'B' || i AS code, 'Base' AS kind, 25::numeric AS points, NULL::numeric AS cap,
                           make_date(@year, 1 + i, 15) AS occurred_on
                    FROM generate_series(1, 4) i WHERE NOT (m.h % 20 = 0 AND i = 4)
                    UNION ALL
                    SELECT CASE WHEN k % 2 = 0 THEN 'C1' ELSE 'C2' END, 'Contribution', CASE WHEN k % 2 = 0 THEN 5 ELSE 10 END,
                           CASE WHEN k % 2 = 0 THEN 10 END,
                           make_date(@year, 1 + (m.h + k) % 12, 1 + k)
                    FROM generate_series(1, m.h % 4) k
                    UNION ALL
                    SELECT 'D1', 'Deduction', 5, NULL, make_date(@year, 6, 20) WHERE m.h % 10 = 0
                    UNION ALL
                    SELECT 'V1', 'Veto', 0, NULL, make_date(@year, 9, 1) WHERE m.h % 500 = 0
                ) e
                """);
        }
        // A real year's entries arrive over twelve months and autovacuum has long visited them by December; a year
        // written a minute ago has not been, and the close would share the cores with that first vacuum. (VACUUM runs
        // outside a transaction, so one statement per command.)
        foreach (var table in new[] { "org_units", "members", "points_entries" })
            await Exec($"vacuum {table}", $"VACUUM (ANALYZE) {table}");
        // Likewise their pages reached disk months ago: flush the generator's gigabytes now, not during the close.
        await Exec("checkpoint", "CHECKPOINT");
        var generate = sw.Elapsed;

        await using var countCmd = new NpgsqlCommand("SELECT (SELECT COUNT(*) FROM points_entries), (SELECT COUNT(*) FROM members)", conn);
        long entries, members;
        await using (var r = await countCmd.ExecuteReaderAsync())
        {
            await r.ReadAsync();
            entries = r.GetInt64(0);
            members = r.GetInt64(1);
        }
        var branchIds = await db.OrgUnits.AsNoTracking().Where(u => u.Kind == "Branch").Select(u => u.Id).ToArrayAsync();
        var rules = await db.Set<PointsRules>().AsNoTracking().OrderByDescending(x => x.EffectiveFrom).FirstAsync();
        sw.Restart();
        var summary = await YearEndClose.CloseAsync(
            scopes, branchIds, year, rules, "bench", DateTimeOffset.UtcNow, CancellationToken.None, log);
        var close = sw.Elapsed;
        return new AnnualBenchResult(counties, (int)members, entries, branchIds.Length, generate, close, summary);
    }
}
