using Party.Branches.Apis;
using Party.Branches.Data;
using Party.Branches.Domain.Development;
using Party.Common;
using Party.Persistence;
using Party.ServiceDefaults.Problems;

namespace Party.Branches.Application;

/// <summary>Member-development reports for village branches, each one set-based query over the admissions heard from members.</summary>
public static class DevelopmentReports
{
    public static async Task<Page<DevelopmentWarningRow>> WarningsAsync(BranchesServices services, DateOnly? asOf, string? minLevel,
        bool? youngOverdueOnly, int? page, int? pageSize, CancellationToken ct)
    {
        var (db, scope, _, clock) = services;
        var (skip, take, p, size) = Paging.Resolve(page, pageSize);
        var day = asOf ?? clock.Today();
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var policy = await Lookups.PolicyAsync(db, Lookups.CountyOfPrefix(prefix), day, ct);
        var like = Sql.Like(prefix);
        var min = (int)(QueryEnums.Parse<WarningLevel>(minLevel, "minLevel") ?? WarningLevel.None);
        var young = youngOverdueOnly == true;
        var rows = await db.QueryAsync($"""
            WITH v AS (
                SELECT id, code, name, path FROM org_units
                WHERE path LIKE {like} AND kind = 'Branch' AND domain = 'RuralVillage' AND NOT dissolved
            ), a AS (
                SELECT branch_id, max(admitted_on) AS last_on,
                       max(admitted_on) FILTER (WHERE age_at_admission <= {policy.YoungMemberMaxAge}) AS last_young
                FROM development_admissions WHERE org_path LIKE {like} AND admitted_on <= {day}
                GROUP BY branch_id
            ), l AS (
                SELECT v.id, v.code, v.name, v.path, a.last_on, a.last_young,
                       CASE WHEN a.last_on IS NULL OR (a.last_on + interval '3 years')::date <= {day} THEN 3
                            WHEN (a.last_on + interval '2 years')::date <= {day} THEN 2
                            WHEN (a.last_on + interval '1 year')::date <= {day} THEN 1 ELSE 0 END AS level,
                       (a.last_young IS NULL
                        OR (a.last_young + make_interval(years => {policy.YoungMemberEveryYears}))::date <= {day}) AS young_overdue
                FROM v LEFT JOIN a ON a.branch_id = v.id
            )
            SELECT id, code, name, last_on, level, last_young, young_overdue, count(*) OVER () AS total
            FROM l WHERE level >= {min} AND (NOT {young} OR young_overdue)
            ORDER BY level DESC, path LIMIT {take} OFFSET {skip}
            """, r => (Row: new DevelopmentWarningRow(r.GetGuid(0), r.GetString(1), r.GetString(2), r.NullableDate(3),
                (WarningLevel)r.GetInt32(4),
                r.NullableDate(5), r.GetBoolean(6)), Total: r.GetInt64(7)), ct);
        return new Page<DevelopmentWarningRow>(rows.Select(r => r.Row).ToList(), p, size, rows.Count > 0 ? rows[0].Total : 0);
    }

    public static async Task<Page<ThreeYearRow>> ThreeYearTableAsync(BranchesServices services, int? toYear, bool? flaggedOnly, int? page,
        int? pageSize, CancellationToken ct)
    {
        var (db, scope, _, clock) = services;
        var (skip, take, p, size) = Paging.Resolve(page, pageSize);
        var last = toYear ?? clock.Today().Year;
        var first = last - 2;
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var policy = await Lookups.PolicyAsync(db, Lookups.CountyOfPrefix(prefix), new DateOnly(last, 12, 31), ct);
        var like = Sql.Like(prefix);
        var flagged = flaggedOnly == true;
        var rows = await db.QueryAsync($"""
            WITH v AS (
                SELECT id, code, name, path FROM org_units
                WHERE path LIKE {like} AND kind = 'Branch' AND domain = 'RuralVillage' AND NOT dissolved
            ), a AS (
                SELECT branch_id,
                       count(*) FILTER (WHERE date_part('year', admitted_on) = {first})::int AS y1,
                       count(*) FILTER (WHERE date_part('year', admitted_on) = {first + 1})::int AS y2,
                       count(*) FILTER (WHERE date_part('year', admitted_on) = {last})::int AS y3
                FROM development_admissions
                WHERE org_path LIKE {like} AND admitted_on BETWEEN {new DateOnly(first, 1, 1)} AND {new DateOnly(last, 12, 31)}
                GROUP BY branch_id
            ), t AS (
                SELECT v.id, v.code, v.name, v.path, coalesce(a.y1, 0) AS y1, coalesce(a.y2, 0) AS y2, coalesce(a.y3, 0) AS y3
                FROM v LEFT JOIN a ON a.branch_id = v.id
            ), c AS (
                SELECT t.*, (y1 + y2 + y3 = 0) AS blank, greatest(y1, y2, y3) > {policy.ClusteredYearlyNorm} AS clustered FROM t
            )
            SELECT id, code, name, y1, y2, y3, blank, clustered, count(*) OVER () AS total
            FROM c WHERE NOT {flagged} OR blank OR clustered
            ORDER BY path LIMIT {take} OFFSET {skip}
            """, r => (Row: new ThreeYearRow(r.GetGuid(0), r.GetString(1), r.GetString(2), first,
                    [r.GetInt32(3), r.GetInt32(4), r.GetInt32(5)], r.GetBoolean(6), r.GetBoolean(7)),
                Total: r.GetInt64(8)), ct);
        return new Page<ThreeYearRow>(rows.Select(r => r.Row).ToList(), p, size, rows.Count > 0 ? rows[0].Total : 0);
    }

    /// <summary>The whole table for a sheet: a county has ~200 villages, so it pages through the same query as the list.</summary>
    public static async Task<List<ThreeYearRow>> ThreeYearSheetRowsAsync(BranchesServices services, int? toYear, bool? flaggedOnly,
        CancellationToken ct)
    {
        var rows = new List<ThreeYearRow>();
        for (var page = 1; ; page++)
        {
            var chunk = await ThreeYearTableAsync(services, toYear, flaggedOnly, page, Paging.MaxPageSize, ct);
            rows.AddRange(chunk.Items);
            if (chunk.Items.Count < Paging.MaxPageSize || rows.Count >= 100_000) break;
        }
        return rows;
    }
}
