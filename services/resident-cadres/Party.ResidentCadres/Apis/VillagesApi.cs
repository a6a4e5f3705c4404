using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Party.Messaging;
using Party.Persistence;
using Party.ResidentCadres.Application;
using Party.ResidentCadres.Domain.Dispatch;
using Party.ServiceDefaults;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;

namespace Party.ResidentCadres.Apis;

public sealed record SetVillageOfficeRequest(double? Latitude, double? Longitude, int? GeofenceRadiusMeters = null,
    [FreeText] string? Reason = null)
{
    internal void Validate() =>
        new Validator()
            .Check(Latitude is >= -90 and <= 90, "latitude", "纬度必填，范围 -90 到 90。")
            .Check(Longitude is >= -180 and <= 180, "longitude", "经度必填，范围 -180 到 180。")
            .Check(GeofenceRadiusMeters is null or (>= 50 and <= 20_000), "geofenceRadiusMeters",
                "签到范围半径须在 50–20000 米之间，或不填使用默认值。")
            .ThrowIfInvalid();
}
public sealed record ReportPovertyDataRequest(int? Year, bool? RegisteredPoorVillage, int? PoorHouseholds, decimal? PovertyIncidencePercent)
{
    internal PovertyFigures Validate()
    {
        new Validator()
            .Check(Year is >= 2000 and <= 2100, "year", "数据年度必填（2000–2100）。")
            .Check(RegisteredPoorVillage is not null, "registeredPoorVillage", "请说明是否为建档立卡贫困村。")
            .Check(PoorHouseholds is >= 0 and <= 100_000, "poorHouseholds", "贫困户数必填，不能为负。")
            .Check(PovertyIncidencePercent is >= 0 and <= 100, "povertyIncidencePercent", "贫困发生率必填，0–100（百分比）。")
            .ThrowIfInvalid();
        return new PovertyFigures(Year!.Value, RegisteredPoorVillage!.Value, PoorHouseholds!.Value, PovertyIncidencePercent!.Value);
    }
}
public sealed record VillageResponse(Guid VillageId, string Name, string Code, double? OfficeLatitude, double? OfficeLongitude,
    int? GeofenceRadiusMeters, bool RegisteredPoorVillage, int PoorHouseholds, decimal PovertyIncidencePercent, int? PovertyDataYear,
    bool WeakAndLax, DispatchRequirement Requirement);
public sealed record CoverageLine(Guid VillageId, string VillageName, string VillageCode, string Requirement, int FirstSecretaries,
    int TeamMembers, string Missing);

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
                new VillageResponse(Guid.Parse("7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d"), "东关村", "610102001001", 34.2612, 108.9421, 1000,
                    true, 12, 3.5m, 2026, false, DispatchRequirement.FirstSecretaryAndWorkTeam));
        app.MapGet($"{ApiSupport.Prefix}/coverage", Coverage).Produces<Page<CoverageLine>>()
            .WithTags("Villages").WithName("DispatchCoverage")
            .WithSummary("派驻要求未满足的村（format=xlsx 导出 Excel）。").RequireRole(ApiSupport.OfficeRoles);
        return app;
    }

    private static async Task<Ok<Page<VillageResponse>>> List(int? page, int? pageSize, [AsParameters] CadresServices s,
        CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var query = VillageProfiles.Responses(s.Db, await s.CallerPathAsync(ct));
        return TypedResults.Ok(await query.ToPageAsync(paging, ct));
    }

    private static async Task<Ok<VillageResponse>> Get(Guid id, [AsParameters] CadresServices s, CancellationToken ct)
    {
        var village = await VillageProfiles.Responses(s.Db, await s.CallerPathAsync(ct), id).FirstOrDefaultAsync(ct)
            ?? throw DomainException.NotFound("villages");
        var version = await s.Db.Villages.AsNoTracking().Where(v => v.VillageId == id).Select(v => (uint?)v.RowVersion)
            .FirstOrDefaultAsync(ct);
        if (version is { } v) s.Http.Response.Headers.ETag = ETags.Format(v);
        return TypedResults.Ok(village);
    }

    private static async Task<Ok<VillageResponse>> SetOffice(Guid id, SetVillageOfficeRequest request, [AsParameters] CadresServices s,
        CancellationToken ct)
    {
        request.Validate();
        await VillageProfiles.SetOfficeAsync(s.Db, s.Scope, s.Http.Request, id, request.Latitude!.Value, request.Longitude!.Value,
            request.GeofenceRadiusMeters, request.Reason, s.User, s.Clock.GetUtcNow(), ct);
        return await Get(id, s, ct);
    }

    private static async Task<Ok<VillageResponse>> ReportPovertyData(Guid id, ReportPovertyDataRequest request,
        [AsParameters] CadresServices s, CancellationToken ct)
    {
        ApiSupport.RequireIdempotencyKey(s.Http);
        var figures = request.Validate();
        await VillageProfiles.ReportPovertyAsync(s.Db, s.Scope, id, figures, s.User, s.Clock.GetUtcNow(), ct);
        return await Get(id, s, ct);
    }

    private static async Task<IResult> Coverage(string? format, int? page, int? pageSize, [AsParameters] CadresServices s,
        CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var sql = VillageProfiles.UncoveredVillages(s.Db, await s.CallerPathAsync(ct));
        if (format == "xlsx") return await ApiSupport.XlsxAsync(await sql.OrderBy(l => l.VillageCode).ToListAsync(ct), "派驻要求未满足村.xlsx", ct);
        return TypedResults.Ok(await sql.OrderBy(l => l.VillageCode).ToPageAsync(paging, ct));
    }
}
