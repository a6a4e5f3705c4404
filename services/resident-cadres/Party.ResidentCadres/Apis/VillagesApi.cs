using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Party.Messaging;
using Party.Messaging.Audit;
using Party.ResidentCadres.Data;
using Party.ResidentCadres.Domain.Dispatch;
using Party.ResidentCadres.Domain.Villages;
using Party.ServiceDefaults;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.ResidentCadres.Apis;

public sealed record SetVillageOfficeRequest(double? Latitude, double? Longitude, int? GeofenceRadiusMeters = null, [FreeText] string? Reason = null);
public sealed record ReportPovertyDataRequest(int? Year, bool? RegisteredPoorVillage, int? PoorHouseholds, decimal? PovertyIncidencePercent);
public sealed record VillageResponse(Guid VillageId, string Name, string Code, double? OfficeLatitude, double? OfficeLongitude, int? GeofenceRadiusMeters, bool RegisteredPoorVillage, int PoorHouseholds, decimal PovertyIncidencePercent, int? PovertyDataYear, bool WeakAndLax, DispatchRequirement Requirement);
public sealed record CoverageLine(Guid VillageId, string VillageName, string VillageCode, string Requirement, int FirstSecretaries, int TeamMembers, string Missing);

public static class VillagesApi
{
    public static IEndpointRouteBuilder MapVillagesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup($"{ApiSupport.Prefix}/villages").WithTags("Villages");
        group.MapGet("/", List).WithName("ListVillages").WithSummary("分页列出管辖范围内的行政村及其驻村数据（村部位置、贫困数据、派驻要求）。")
            .RequireRole(ApiSupport.OfficeRoles);
        group.MapGet("/{id:guid}", Get).WithName("GetVillage").WithSummary("查看一个村的驻村数据。").RequireRole(ApiSupport.OfficeRoles);
        group.MapPut("/{id:guid}/office", SetOffice).WithName("SetVillageOffice")
            .WithSummary("登记村部位置和签到范围半径（不填半径则用县默认值 1000 米；支持 If-Match）。").RequireRole(ApiSupport.OfficeRoles);
        group.MapPut("/{id:guid}/poverty-data", ReportPovertyData).WithName("ReportVillagePovertyData")
            .WithSummary("农业农村局报送村贫困数据（需 villages.report 权限和 Idempotency-Key；同一村同一年度只报一次，重复报送相同数据返回原记录）。")
            .RequireScope("villages.report").WithNaturalKey("id", "year")
            .WithExamples(new ReportPovertyDataRequest(2026, true, 12, 3.5m),
                new VillageResponse(Guid.Parse("7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d"), "东关村", "610102001001", 34.2612, 108.9421, 1000, true, 12, 3.5m, 2026,
                    false, DispatchRequirement.FirstSecretaryAndWorkTeam));
        app.MapGet($"{ApiSupport.Prefix}/coverage", Coverage).WithTags("Villages").WithName("DispatchCoverage")
            .WithSummary("派驻要求未满足的村（format=xlsx 导出 Excel）。").RequireRole(ApiSupport.OfficeRoles);
        return app;
    }

    private static IQueryable<VillageResponse> Query(ResidentCadresDbContext db, string prefix, Guid? id = null) =>
        from u in db.OrgUnits.AsNoTracking()
        where u.Path.StartsWith(prefix) && u.Kind == "Branch" && u.Domain == "RuralVillage" && !u.Dissolved && (id == null || u.Id == id)
        join p in db.Villages.AsNoTracking() on u.Id equals p.VillageId into profiles
        from p in profiles.DefaultIfEmpty()
        orderby u.Path
        select new VillageResponse(u.Id, u.Name, u.Code, p == null ? null : p.OfficeLatitude, p == null ? null : p.OfficeLongitude,
            p == null ? null : p.GeofenceRadiusMeters, p != null && p.RegisteredPoorVillage, p == null ? 0 : p.PoorHouseholds,
            p == null ? 0m : p.PovertyIncidencePercent, p == null ? null : p.PovertyDataYear, p != null && p.WeakAndLax,
            p == null ? DispatchRequirement.None : p.Requirement);

    private static async Task<Ok<Page<VillageResponse>>> List(int? page, int? pageSize, ResidentCadresDbContext db, OrgScope scope, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var query = Query(db, await scope.CallerPathOrNothingAsync(ct));
        return TypedResults.Ok(await query.ToPageAsync(paging, ct));
    }

    private static async Task<Ok<VillageResponse>> Get(Guid id, ResidentCadresDbContext db, OrgScope scope, HttpContext http, CancellationToken ct)
    {
        var village = await Query(db, await scope.CallerPathOrNothingAsync(ct), id).FirstOrDefaultAsync(ct) ?? throw DomainException.NotFound("villages");
        var version = await db.Villages.AsNoTracking().Where(v => v.VillageId == id).Select(v => (uint?)v.RowVersion).FirstOrDefaultAsync(ct);
        if (version is { } v) http.Response.Headers.ETag = ETags.Format(v);
        return TypedResults.Ok(village);
    }

    /// <summary>The village's profile row, created on first use; 404 unless the village is a rural village in scope.</summary>
    internal static async Task<VillageProfile> ProfileForUpdateAsync(ResidentCadresDbContext db, OrgScope scope, Guid id, DateTimeOffset now, CancellationToken ct)
    {
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var unit = await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id && u.Path.StartsWith(prefix)
            && u.Kind == "Branch" && u.Domain == "RuralVillage" && !u.Dissolved, ct) ?? throw DomainException.NotFound("villages");
        var profile = await db.Villages.FirstOrDefaultAsync(v => v.VillageId == id, ct);
        if (profile is null)
        {
            profile = new VillageProfile { VillageId = id, OrgPath = unit.Path, UpdatedAt = now };
            db.Villages.Add(profile);
        }
        profile.OrgPath = unit.Path;
        return profile;
    }

    private static async Task<Ok<VillageResponse>> SetOffice(Guid id, SetVillageOfficeRequest request, ResidentCadresDbContext db, OrgScope scope,
        HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        new Validator()
            .Check(request.Latitude is >= -90 and <= 90, "latitude", "纬度必填，范围 -90 到 90。")
            .Check(request.Longitude is >= -180 and <= 180, "longitude", "经度必填，范围 -180 到 180。")
            .Check(request.GeofenceRadiusMeters is null or (>= 50 and <= 20_000), "geofenceRadiusMeters", "签到范围半径须在 50–20000 米之间，或不填使用默认值。")
            .ThrowIfInvalid();
        var now = clock.GetUtcNow();
        var profile = await ProfileForUpdateAsync(db, scope, id, now, ct);
        // Two offices editing the same village: the second, stale write gets 412 instead of silently winning.
        if (db.Entry(profile).State != EntityState.Added) db.ApplyIfMatch(profile, http.Request);
        var from = $"{profile.OfficeLatitude},{profile.OfficeLongitude} r={profile.GeofenceRadiusMeters}";
        profile.OfficeLatitude = request.Latitude;
        profile.OfficeLongitude = request.Longitude;
        profile.GeofenceRadiusMeters = request.GeofenceRadiusMeters;
        profile.UpdatedAt = now;
        db.Audit(http.User, now, "village", id, profile.OrgPath, "office_set", from, $"{request.Latitude},{request.Longitude} r={request.GeofenceRadiusMeters}", request.Reason);
        await db.SaveChangesAsync(ct);
        return await Get(id, db, scope, http, ct);
    }

    private static async Task<Ok<VillageResponse>> ReportPovertyData(Guid id, ReportPovertyDataRequest request, ResidentCadresDbContext db,
        OrgScope scope, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        ApiSupport.RequireIdempotencyKey(http);
        new Validator()
            .Check(request.Year is >= 2000 and <= 2100, "year", "数据年度必填（2000–2100）。")
            .Check(request.RegisteredPoorVillage is not null, "registeredPoorVillage", "请说明是否为建档立卡贫困村。")
            .Check(request.PoorHouseholds is >= 0 and <= 100_000, "poorHouseholds", "贫困户数必填，不能为负。")
            .Check(request.PovertyIncidencePercent is >= 0 and <= 100, "povertyIncidencePercent", "贫困发生率必填，0–100（百分比）。")
            .ThrowIfInvalid();
        var now = clock.GetUtcNow();
        var profile = await ProfileForUpdateAsync(db, scope, id, now, ct);
        var (poor, households, percent) = (request.RegisteredPoorVillage!.Value, request.PoorHouseholds!.Value, request.PovertyIncidencePercent!.Value);
        if (await db.PovertyReports.AsNoTracking().FirstOrDefaultAsync(r => r.VillageId == id && r.Year == request.Year, ct) is { } earlier)
            return await RepeatedReportAsync(earlier, poor, households, percent, db, scope, http, ct);
        db.PovertyReports.Add(new PovertyReport
        {
            VillageId = id, Year = request.Year!.Value, RegisteredPoorVillage = poor, PoorHouseholds = households, PovertyIncidencePercent = percent,
            ReportedBy = http.User.Actor(), ReportedAt = now,
        });
        // A late report for an earlier year is kept but does not replace the figures of a later one.
        if (profile.PovertyDataYear is null || profile.PovertyDataYear <= request.Year)
        {
            var before = profile.Requirement;
            profile.RegisteredPoorVillage = poor;
            profile.PoorHouseholds = households;
            profile.PovertyIncidencePercent = percent;
            profile.PovertyDataYear = request.Year;
            profile.Requirement = DispatchRules.RequirementFor(profile.Facts, await RuleBook.ThresholdsOnAsync(db, BusinessDate.Of(now), ct));
            profile.UpdatedAt = now;
            db.Audit(http.User, now, "village", id, profile.OrgPath, "poverty_data_reported", before.ToString(), profile.Requirement.ToString(),
                $"{request.Year}: 贫困村={poor}, 贫困户={households}, 发生率={percent}%");
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (ApiSupport.IsUniqueViolation(e))
        {
            // The same village and year reported concurrently: answer as if this one had come second.
            db.ChangeTracker.Clear();
            var raced = await db.PovertyReports.AsNoTracking().FirstAsync(r => r.VillageId == id && r.Year == request.Year, ct);
            return await RepeatedReportAsync(raced, poor, households, percent, db, scope, http, ct);
        }
        return await Get(id, db, scope, http, ct);
    }

    /// <summary>A report for a village and year already reported: the same figures answer with the village; others are a conflict.</summary>
    private static async Task<Ok<VillageResponse>> RepeatedReportAsync(PovertyReport earlier, bool poor, int households, decimal percent,
        ResidentCadresDbContext db, OrgScope scope, HttpContext http, CancellationToken ct)
    {
        if (!earlier.SameFigures(poor, households, percent))
            throw DomainException.Conflict("villages.poverty_data_conflict",
                $"该村 {earlier.Year} 年度的贫困数据已于 {earlier.ReportedAt:yyyy-MM-dd} 报送（贫困村：{(earlier.RegisteredPoorVillage ? "是" : "否")}，贫困户 {earlier.PoorHouseholds} 户，" +
                $"贫困发生率 {earlier.PovertyIncidencePercent}%），与本次报送不一致；如需更正，请联系县委组织部。");
        return await Get(earlier.VillageId, db, scope, http, ct);
    }

    private static async Task<IResult> Coverage(string? format, int? page, int? pageSize, ResidentCadresDbContext db, OrgScope scope, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        // DispatchRules.IsMet in SQL: a first secretary and a team member for the full requirement, anyone for a work team.
        var sql = db.Database.SqlQuery<CoverageLine>($"""
            SELECT v.village_id AS village_id, u.name AS village_name, u.code AS village_code, v.requirement AS requirement,
                   COALESCE(a.first_secretaries, 0) AS first_secretaries, COALESCE(a.team_members, 0) AS team_members,
                   CASE WHEN v.requirement = 'FirstSecretaryAndWorkTeam' THEN
                            concat_ws('、', CASE WHEN COALESCE(a.first_secretaries, 0) = 0 THEN '第一书记' END,
                                           CASE WHEN COALESCE(a.team_members, 0) = 0 THEN '工作队员' END)
                        ELSE '工作队' END AS missing
            FROM village_profiles v
            JOIN org_units u ON u.id = v.village_id AND NOT u.dissolved
            LEFT JOIN (
                SELECT village_id, count(*) FILTER (WHERE role = 'FirstSecretary') AS first_secretaries,
                       count(*) FILTER (WHERE role <> 'FirstSecretary') AS team_members
                FROM assignments WHERE NOT ended GROUP BY village_id
            ) a ON a.village_id = v.village_id
            WHERE v.org_path LIKE {prefix} || '%'
              AND ((v.requirement = 'FirstSecretaryAndWorkTeam' AND (COALESCE(a.first_secretaries, 0) = 0 OR COALESCE(a.team_members, 0) = 0))
                OR (v.requirement = 'WorkTeam' AND COALESCE(a.first_secretaries, 0) + COALESCE(a.team_members, 0) = 0))
            """);
        if (format == "xlsx") return await ApiSupport.XlsxAsync(await sql.OrderBy(l => l.VillageCode).ToListAsync(ct), "派驻要求未满足村.xlsx", ct);
        return TypedResults.Ok(await sql.OrderBy(l => l.VillageCode).ToPageAsync(paging, ct));
    }
}
