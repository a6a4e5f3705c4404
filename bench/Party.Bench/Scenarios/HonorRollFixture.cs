using Npgsql;

namespace Party.Bench.Scenarios;

/// <summary>
/// BENCHMARK FIXTURE DATA — not real honors. The honor roll needs awards, and a real award takes a
/// nomination, a joint review and five working days of public notice (公示), so the benchmark writes
/// its data straight into the honors database of the running system, set-based:
/// <list type="bullet">
/// <item>an org tree in the honors replica table <c>org_units</c>: one county, <see cref="Townships"/>
/// townships × <see cref="VillagesPerTownship"/> villages (codes <c>BENCH-HR…</c>, names 基准测试…). It exists
/// only in the honors replica: the branches service does not know these units and never sends events for them;</item>
/// <item><see cref="AwardsPerVillage"/> awards per village (2,000 in all; one in five of the year before,
/// one in forty revoked, one in forty downgraded, a few external honors of higher levels) and one
/// model profile (先进典型档案) per awarded subject, as the roll reads them.</item>
/// </list>
/// Every id is fixed (<c>0b0e0c00-0000-400X-8000-…</c>: 4001 org units, 4002 awards, 4003 subjects),
/// and every insert is <c>ON CONFLICT (id) DO NOTHING</c>, so a second run adds nothing.
/// </summary>
public static class HonorRollFixture
{
    public const int Townships = 10;
    public const int VillagesPerTownship = 20;
    public const int AwardsPerVillage = 10;
    /// <summary>The roll year the benchmark reads; a fifth of the awards are of the year before, which the roll must skip.</summary>
    public const int Year = 2025;

    private const string OrgUnitPrefix = "0b0e0c00000040018000";

    public static readonly Guid CountyId = OrgUnitId(0);
    /// <summary>The first township: the roll a township's public page shows.</summary>
    public static readonly Guid TownshipId = OrgUnitId(1 * 1000);

    /// <summary>County = 0, township t = t·1000, village v of township t = t·1000 + v.</summary>
    private static Guid OrgUnitId(int n) => Guid.ParseExact(OrgUnitPrefix + n.ToString("x12"), "N");

    public sealed record Seeded(int OrgUnits, int Awards, int Profiles, long CountyRollTotal, long TownshipRollTotal);

    /// <summary>Inserts what is missing, in one transaction, and counts what the roll should show.</summary>
    public static async Task<Seeded> EnsureAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);

        await ExecuteAsync(connection, tx, """
            CREATE TEMP TABLE bench_roll_units ON COMMIT DROP AS
            WITH n AS (
                SELECT NULL::int AS township, NULL::int AS village
                UNION ALL SELECT t, NULL FROM generate_series(1, @townships) t
                UNION ALL SELECT t, v FROM generate_series(1, @townships) t, generate_series(1, @villages) v
            ), seg AS (
                SELECT township, village,
                       @prefix || lpad(to_hex(0), 12, '0') AS county_seg,
                       @prefix || lpad(to_hex(township * 1000), 12, '0') AS township_seg,
                       @prefix || lpad(to_hex(township * 1000 + village), 12, '0') AS village_seg
                FROM n
            )
            SELECT coalesce(village_seg, township_seg, county_seg)::uuid AS id,
                   (CASE WHEN village IS NOT NULL THEN township_seg WHEN township IS NOT NULL THEN county_seg END)::uuid AS parent_id,
                   '/' || county_seg || '/' || coalesce(township_seg || '/', '') || coalesce(village_seg || '/', '') AS path,
                   township, village,
                   'BENCH-HR' || coalesce('-T' || township, '') || coalesce('-V' || village, '') AS code,
                   CASE WHEN village IS NOT NULL THEN '基准测试第' || township || '乡镇第' || village || '村党支部'
                        WHEN township IS NOT NULL THEN '基准测试第' || township || '乡镇党委'
                        ELSE '基准测试县委（光荣榜）' END AS name,
                   CASE WHEN village IS NOT NULL THEN 'Branch' WHEN township IS NOT NULL THEN 'TownshipCommittee'
                        ELSE 'CountyCommittee' END AS kind,
                   CASE WHEN village IS NOT NULL THEN 'RuralVillage' ELSE 'GovernmentOrgan' END AS domain
            FROM seg
            """, ct);
        var units = await ExecuteAsync(connection, tx, """
            INSERT INTO org_units (id, code, name, kind, domain, parent_id, path, dissolved, version, events_applied, updated_at)
            SELECT id, code, name, kind, domain, parent_id, path, false, 1, 0, now() FROM bench_roll_units
            ON CONFLICT (id) DO NOTHING;
            """, ct);

        await ExecuteAsync(connection, tx, """
            CREATE TEMP TABLE bench_roll_awards ON COMMIT DROP AS
            WITH a AS (
                SELECT u.id AS org_unit_id, u.path AS org_path, u.name AS org_name, k,
                       ((u.township - 1) * @villages + (u.village - 1)) AS vi,
                       ((u.township - 1) * @villages + (u.village - 1)) * @perVillage + k AS i
                FROM bench_roll_units u CROSS JOIN generate_series(0, @perVillage - 1) k
                WHERE u.village IS NOT NULL
            ), b AS (
                SELECT a.*,
                       (k = 5 AND vi % 4 = 0) AS external,
                       CASE WHEN k % 5 = 4 THEN @year - 1 ELSE @year END AS year,
                       (ARRAY['王','李','张','刘','陈','杨','黄','赵','吴','周'])[i % 10 + 1]
                         || (ARRAY['建国','秀英','志强','桂兰','海燕','伟','芳','军','敏','磊','红梅','德华'])[(i / 10) % 12 + 1] AS person
                FROM a
            )
            SELECT ('0b0e0c00000040028000' || lpad(to_hex(i), 12, '0'))::uuid AS id,
                   i, org_unit_id, org_path, year, external,
                   CASE k WHEN 6 THEN 'Secretary' WHEN 7 THEN 'Cadre' WHEN 8 THEN 'Guesthouse' WHEN 9 THEN 'OrgUnit'
                          ELSE 'Member' END AS subject_kind,
                   CASE WHEN k = 9 THEN org_unit_id ELSE ('0b0e0c00000040038000' || lpad(to_hex(i), 12, '0'))::uuid END AS subject_id,
                   CASE k WHEN 9 THEN org_name WHEN 8 THEN person || '家党员农家宾馆' ELSE person END AS subject_name,
                   CASE WHEN external THEN NULL
                        ELSE CASE k WHEN 6 THEN 'model-secretary' WHEN 7 THEN 'star-of-month' WHEN 8 THEN 'model-guesthouse'
                                    WHEN 9 THEN 'advanced-organization'
                                    ELSE CASE WHEN k < 3 THEN 'excellent-member' ELSE 'party-worker' END END
                   END AS honor_type_code,
                   CASE WHEN external THEN (CASE WHEN vi % 40 = 0 THEN '全国' WHEN vi % 8 = 0 THEN '全省' ELSE '全市' END) || '优秀党务工作者'
                        ELSE CASE k WHEN 6 THEN '村党组织书记标兵' WHEN 7 THEN '驻村工作月标兵' WHEN 8 THEN '党员农家宾馆示范户'
                                    WHEN 9 THEN '先进基层党组织' ELSE CASE WHEN k < 3 THEN '优秀共产党员' ELSE '优秀党务工作者' END END
                   END AS honor_name,
                   CASE WHEN NOT external THEN 'County' WHEN vi % 40 = 0 THEN 'National' WHEN vi % 8 = 0 THEN 'Province'
                        ELSE 'City' END AS level,
                   CASE WHEN external THEN '上级党委（基准测试夹具）' END AS issuer,
                   CASE i % 40 WHEN 13 THEN 'Revoked' WHEN 27 THEN 'Downgraded' ELSE 'Active' END AS status,
                   year || '年度第一批（基准测试夹具）' AS batch,
                   make_timestamptz(year, 6, 28, 10, 0, 0, 'Asia/Shanghai') AS awarded_at
            FROM b
            """, ct);
        var awards = await ExecuteAsync(connection, tx, """
            INSERT INTO awards (id, nomination_id, honor_type_code, honor_name, level, subject_kind, subject_id, subject_name,
                                org_unit_id, org_path, org_version, year, batch, external, issuer, awarded_at, status,
                                rectification_deadline, revoked_at, revocation_reason)
            SELECT id, NULL, honor_type_code, honor_name, level, subject_kind, subject_id, subject_name,
                   org_unit_id, org_path, 1, year, batch, external, issuer, awarded_at, status,
                   CASE WHEN status = 'Downgraded' THEN make_date(year + 1, 3, 31) END,
                   CASE WHEN status = 'Revoked' THEN awarded_at + interval '90 days' END,
                   CASE WHEN status = 'Revoked' THEN '基准测试夹具：受到处分，撤销荣誉' END
            FROM bench_roll_awards
            ON CONFLICT (id) DO NOTHING;
            """, ct);

        var profiles = await ExecuteAsync(connection, tx, """
            INSERT INTO model_profiles (id, subject_kind, name, org_unit_id, org_path, org_version, deeds, deeds_summary, photo_url,
                                        media_links, created_at)
            SELECT DISTINCT ON (subject_id) subject_id, subject_kind, subject_name, org_unit_id, org_path, 1,
                   '基准测试夹具数据，非真实事迹。' || subject_name || '扎根基层，带领群众发展特色产业，办实事、解难题，'
                     || '在乡村振兴、基层治理和为民服务中发挥先锋模范作用，群众满意度高。',
                   subject_name || '：扎根基层、服务群众，发挥先锋模范作用（基准测试夹具）',
                   '/media/bench/' || subject_id || '.jpg', '{}', awarded_at
            FROM bench_roll_awards
            ORDER BY subject_id, i
            ON CONFLICT (id) DO NOTHING;
            """, ct);

        long county, township;
        await using (var count = new NpgsqlCommand("""
            SELECT count(*) FILTER (WHERE a.org_path LIKE @county || '%'), count(*) FILTER (WHERE a.org_path LIKE @township || '%')
            FROM awards a WHERE a.year = @year AND a.status <> 'Revoked' AND a.org_path LIKE @county || '%'
            """, connection, tx))
        {
            count.Parameters.AddWithValue("county", $"/{CountyId:N}/");
            count.Parameters.AddWithValue("township", $"/{CountyId:N}/{TownshipId:N}/");
            count.Parameters.AddWithValue("year", Year);
            await using var reader = await count.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            (county, township) = (reader.GetInt64(0), reader.GetInt64(1));
        }
        await tx.CommitAsync(ct);
        return new Seeded(units, awards, profiles, county, township);
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        command.Parameters.AddWithValue("townships", Townships);
        command.Parameters.AddWithValue("villages", VillagesPerTownship);
        command.Parameters.AddWithValue("perVillage", AwardsPerVillage);
        command.Parameters.AddWithValue("year", Year);
        command.Parameters.AddWithValue("prefix", OrgUnitPrefix);
        return await command.ExecuteNonQueryAsync(ct);
    }
}
