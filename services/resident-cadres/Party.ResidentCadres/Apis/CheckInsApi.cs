using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Party.Persistence;
using Party.ResidentCadres.Application;
using Party.ResidentCadres.Domain.CheckIns;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;

namespace Party.ResidentCadres.Apis;

public sealed record CheckInRequest(double? Latitude, double? Longitude, string? DeviceId, double? AccuracyMeters = null,
    bool? MockLocation = null)
{
    internal CheckInAttempt Validate()
    {
        new Validator()
            .Check(Latitude is >= -90 and <= 90, "latitude", "纬度必填，范围 -90 到 90。")
            .Check(Longitude is >= -180 and <= 180, "longitude", "经度必填，范围 -180 到 180。")
            .Check(AccuracyMeters is null or >= 0, "accuracyMeters", "定位精度不能为负。")
            .Check(!string.IsNullOrWhiteSpace(DeviceId) && DeviceId.Length <= 200, "deviceId", "设备标识必填（最多 200 个字符）。")
            .ThrowIfInvalid();
        return new CheckInAttempt(new GeoPoint(Latitude!.Value, Longitude!.Value), DeviceId!.Trim(), AccuracyMeters, MockLocation ?? false);
    }
}
public sealed record CheckInResponse(Guid Id, Guid CadreId, Guid VillageId, DateOnly Day, DateTimeOffset At, double DistanceMeters,
    CheckInStatus Status, IReadOnlyList<string> Flags, bool Counts, string? ReviewNote);

public static class CheckInsApi
{
    public static IEndpointRouteBuilder MapCheckInsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost($"{ApiSupport.Prefix}/me/check-ins", CheckIn).WithTags("CheckIns").WithName("CheckIn")
            .WithSummary("每日签到：每人每天一次，重复提交返回同一条记录；服务器时间为准。").RequireRole(PartyRoles.Cadre);
        app.MapGet($"{ApiSupport.Prefix}/me/check-ins", Mine).WithTags("CheckIns").WithName("MyCheckIns")
            .WithSummary("本人签到记录。").RequireRole(PartyRoles.Cadre);
        var group = app.MapGroup($"{ApiSupport.Prefix}/check-ins").WithTags("CheckIns");
        group.MapGet("/", List).WithName("ListCheckIns").WithSummary("分页查看管辖范围内的签到（可按日期、村、状态、是否异常筛选）。")
            .RequireRole(ApiSupport.OfficeRoles);
        group.MapPost("/{id:guid}/approve", Approve).WithName("ApproveCheckIn").WithSummary("乡镇审核通过范围外签到，使其计入在村天数。")
            .RequireRole(PartyRoles.Township);
        group.MapPost("/{id:guid}/reject", Reject).WithName("RejectCheckIn").WithSummary("乡镇驳回范围外签到。").RequireRole(PartyRoles.Township);
        return app;
    }

    internal static CheckInResponse ToResponse(CheckIn c) => new(c.Id, c.CadreId, c.VillageId, c.Day, c.At, Math.Round(c.DistanceMeters, 1),
        c.Status, CheckInRules.FlagNames(c.Flags), CheckInRules.Counts(c.Status), c.ReviewNote);

    private static async Task<Results<Created<CheckInResponse>, Ok<CheckInResponse>>> CheckIn(CheckInRequest request,
        [AsParameters] CadresServices s, CancellationToken ct)
    {
        var attempt = request.Validate();
        var (checkIn, created) = await CheckInRecords.RecordAsync(s.Db, s.User, s.Clock.GetUtcNow(), attempt, ct);
        return created
            ? TypedResults.Created($"{ApiSupport.Prefix}/me/check-ins", ToResponse(checkIn))
            : TypedResults.Ok(ToResponse(checkIn));
    }

    private static async Task<Ok<Page<CheckInResponse>>> Mine(DateOnly? from, DateOnly? to, int? page, int? pageSize,
        [AsParameters] CadresServices s, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var cadre = await CadreLookup.CurrentCadreAsync(s.Db, s.User, ct);
        var query = s.Db.CheckIns.AsNoTracking().Where(c => c.CadreId == cadre.Id);
        if (from is { } f) query = query.Where(c => c.Day >= f);
        if (to is { } t) query = query.Where(c => c.Day <= t);
        return TypedResults.Ok(await query.OrderByDescending(c => c.Day).ToPageAsync(paging, ToResponse, ct));
    }

    private static async Task<Ok<Page<CheckInResponse>>> List(DateOnly? day, Guid? villageId, Guid? cadreId,
        [QueryEnum(typeof(CheckInStatus))] string? status, bool? flagged, int? page, int? pageSize, [AsParameters] CadresServices s,
        CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await s.CallerPathAsync(ct);
        var query = s.Db.CheckIns.AsNoTracking().Where(c => c.OrgPath.StartsWith(prefix));
        if (day is { } d) query = query.Where(c => c.Day == d);
        if (villageId is { } v) query = query.Where(c => c.VillageId == v);
        if (cadreId is { } cid) query = query.Where(c => c.CadreId == cid);
        if (QueryEnums.Parse<CheckInStatus>(status, "status") is { } st) query = query.Where(c => c.Status == st);
        if (flagged == true) query = query.Where(c => c.Flags != CheckInFlags.None);
        return TypedResults.Ok(await query.OrderByDescending(c => c.Day).ThenBy(c => c.CadreId).ToPageAsync(paging, ToResponse, ct));
    }

    private static Task<Ok<CheckInResponse>> Approve(Guid id, ApproveRequest request, [AsParameters] CadresServices s,
        CancellationToken ct) => Review(id, CheckInStatus.Approved, request.Note, s, ct);

    private static Task<Ok<CheckInResponse>> Reject(Guid id, RejectRequest request, [AsParameters] CadresServices s, CancellationToken ct)
    {
        request.Validate();
        return Review(id, CheckInStatus.Rejected, request.Note, s, ct);
    }

    private static async Task<Ok<CheckInResponse>> Review(Guid id, CheckInStatus to, string? note, CadresServices s, CancellationToken ct)
    {
        var prefix = await s.CallerPathAsync(ct);
        var checkIn = await CheckInRecords.ReviewAsync(s.Db, prefix, id, to, note, s.User, s.Clock.GetUtcNow(), ct);
        return TypedResults.Ok(ToResponse(checkIn));
    }
}
