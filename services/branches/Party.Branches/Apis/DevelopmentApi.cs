using Microsoft.AspNetCore.Http.HttpResults;
using Party.Branches.Data;
using Party.Branches.Domain.Development;
using Party.ServiceDefaults;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.Branches.Apis;

public sealed record DevelopmentWarningRow(Guid BranchId, string BranchCode, string BranchName, DateOnly? LastAdmittedOn, WarningLevel Level,
    DateOnly? LastYoungAdmittedOn, bool YoungMemberOverdue);
public sealed record ThreeYearRow(Guid BranchId, string BranchCode, string BranchName, int FirstYear, int[] Admissions, bool Blank, bool Clustered);

/// <summary>Member-development warnings (发展党员预警) for village branches, from admissions received as <c>MemberStageChanged</c>.</summary>
public static class DevelopmentApi
{
    public static IEndpointRouteBuilder MapDevelopmentApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/branches/development").WithTags("Development");
        g.MapGet("/warnings", Warnings).WithName("DevelopmentWarnings")
            .WithSummary("各村距上次发展党员的年限：满 1 年提醒、满 2 年约谈、满 3 年整改；两年内未发展 35 岁以下党员的标出。");
        g.MapGet("/three-year-table", ThreeYearTable).WithName("DevelopmentThreeYearTable")
            .WithSummary("三年发展统计表：三年未发展的“空白村”与某年超过全县年度标准的“扎堆村”。");
        g.MapGet("/three-year-table.xlsx", ThreeYearTableExcel).WithName("DevelopmentThreeYearTableExcel").WithSummary("三年发展统计表导出为 Excel。");
        return app;
    }

    private static async Task<Microsoft.AspNetCore.Http.HttpResults.FileContentHttpResult> ThreeYearTableExcel(int? toYear, bool? flaggedOnly, BranchesDbContext db, OrgScope scope,
        TimeProvider clock, CancellationToken ct)
    {
        // A county has ~200 villages; the sheet pages through the same query as the list.
        var rows = new List<ThreeYearRow>();
        for (var page = 1; ; page++)
        {
            var chunk = (await ThreeYearTable(toYear, flaggedOnly, page, Paging.MaxPageSize, db, scope, clock, ct)).Value!;
            rows.AddRange(chunk.Items);
            if (chunk.Items.Count < Paging.MaxPageSize || rows.Count >= 100_000) break;
        }
        var first = rows.FirstOrDefault()?.FirstYear ?? (toYear ?? clock.Today().Year) - 2;
        return await ApiSupport.ExcelAsync(rows.Select(r => new Dictionary<string, object?>
        {
            ["组织代码"] = r.BranchCode, ["村党支部"] = r.BranchName, [$"{first}年"] = r.Admissions[0], [$"{first + 1}年"] = r.Admissions[1],
            [$"{first + 2}年"] = r.Admissions[2], ["空白村"] = r.Blank ? "是" : "否", ["扎堆发展"] = r.Clustered ? "是" : "否",
        }), "三年发展统计", $"development-{first}-{first + 2}.xlsx", ct);
    }

    private static async Task<Ok<Page<DevelopmentWarningRow>>> Warnings(DateOnly? asOf, [QueryEnum(typeof(WarningLevel))] string? minLevel, bool? youngOverdueOnly, int? page, int? pageSize,
        BranchesDbContext db, OrgScope scope, TimeProvider clock, CancellationToken ct)
    {
        var (skip, take, p, size) = Paging.Resolve(page, pageSize);
        var day = asOf ?? clock.Today();
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var county = prefix is not ("!none" or "/") ? ApiSupport.CountyOf(prefix) : Guid.Empty;
        var policy = await ApiSupport.PolicyAsync(db, county, day, ct);
        var like = ApiSupport.Like(prefix);
        var min = (int)(QueryEnums.Parse<WarningLevel>(minLevel, "minLevel") ?? WarningLevel.None);
        var young = youngOverdueOnly == true;
        var rows = await db.QueryAsync($"""
            WITH v AS (
                SELECT id, code, name, path FROM org_units
                WHERE path LIKE {like} AND kind = 'Branch' AND domain = 'RuralVillage' AND NOT dissolved
            ), a AS (
                SELECT branch_id, max(admitted_on) AS last_on, max(admitted_on) FILTER (WHERE age_at_admission <= {policy.YoungMemberMaxAge}) AS last_young
                FROM development_admissions WHERE org_path LIKE {like} AND admitted_on <= {day}
                GROUP BY branch_id
            ), l AS (
                SELECT v.id, v.code, v.name, v.path, a.last_on, a.last_young,
                       CASE WHEN a.last_on IS NULL OR (a.last_on + interval '3 years')::date <= {day} THEN 3
                            WHEN (a.last_on + interval '2 years')::date <= {day} THEN 2
                            WHEN (a.last_on + interval '1 year')::date <= {day} THEN 1 ELSE 0 END AS level,
                       (a.last_young IS NULL OR (a.last_young + make_interval(years => {policy.YoungMemberEveryYears}))::date <= {day}) AS young_overdue
                FROM v LEFT JOIN a ON a.branch_id = v.id
            )
            SELECT id, code, name, last_on, level, last_young, young_overdue, count(*) OVER () AS total
            FROM l WHERE level >= {min} AND (NOT {young} OR young_overdue)
            ORDER BY level DESC, path LIMIT {take} OFFSET {skip}
            """, r => (Row: new DevelopmentWarningRow(r.GetGuid(0), r.GetString(1), r.GetString(2), r.NullableDate(3), (WarningLevel)r.GetInt32(4),
                r.NullableDate(5), r.GetBoolean(6)), Total: r.GetInt64(7)), ct);
        return TypedResults.Ok(new Page<DevelopmentWarningRow>(rows.Select(r => r.Row).ToList(), p, size, rows.Count > 0 ? rows[0].Total : 0));
    }

    private static async Task<Ok<Page<ThreeYearRow>>> ThreeYearTable(int? toYear, bool? flaggedOnly, int? page, int? pageSize, BranchesDbContext db, OrgScope scope,
        TimeProvider clock, CancellationToken ct)
    {
        var (skip, take, p, size) = Paging.Resolve(page, pageSize);
        var last = toYear ?? clock.Today().Year;
        new Validator().Check(last is >= 2002 and <= 2100, "toYear", "年度须在 2002–2100 之间。").ThrowIfInvalid();
        var first = last - 2;
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var county = prefix is not ("!none" or "/") ? ApiSupport.CountyOf(prefix) : Guid.Empty;
        var policy = await ApiSupport.PolicyAsync(db, county, new DateOnly(last, 12, 31), ct);
        var like = ApiSupport.Like(prefix);
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
            """, r => (Row: new ThreeYearRow(r.GetGuid(0), r.GetString(1), r.GetString(2), first, [r.GetInt32(3), r.GetInt32(4), r.GetInt32(5)], r.GetBoolean(6), r.GetBoolean(7)),
                Total: r.GetInt64(8)), ct);
        return TypedResults.Ok(new Page<ThreeYearRow>(rows.Select(r => r.Row).ToList(), p, size, rows.Count > 0 ? rows[0].Total : 0));
    }
}
