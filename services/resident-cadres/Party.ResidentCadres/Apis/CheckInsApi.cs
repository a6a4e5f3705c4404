using Party.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Party.Messaging.Audit;
using Party.ResidentCadres.Data;
using Party.ResidentCadres.Domain.CheckIns;
using Party.ResidentCadres.Domain.Settings;
using Party.ServiceDefaults;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.ResidentCadres.Apis;

public sealed record CheckInRequest(double? Latitude, double? Longitude, string? DeviceId, double? AccuracyMeters = null, bool? MockLocation = null);
public sealed record CheckInResponse(Guid Id, Guid CadreId, Guid VillageId, DateOnly Day, DateTimeOffset At, double DistanceMeters,
    CheckInStatus Status, IReadOnlyList<string> Flags, bool Counts, string? ReviewNote);

/// <summary>Everything one check-in needs to be judged, read in a single round trip.</summary>
internal sealed record CheckInContext(Guid CadreId, Guid? AssignmentId, Guid? VillageId, string? OrgPath, DateOnly? StartsOn, DateOnly? EndsOn,
    double? OfficeLatitude, double? OfficeLongitude, int? RadiusMeters, decimal DefaultRadiusMeters, decimal MaxSpeedKmh, bool OnLeave,
    DateTimeOffset? PreviousAt, double? PreviousLatitude, double? PreviousLongitude, bool DeviceShared, Guid? TodayCheckInId);

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

    internal static CheckInResponse ToResponse(CheckIn c) => new(c.Id, c.CadreId, c.VillageId, c.Day, c.At, Math.Round(c.DistanceMeters, 1), c.Status,
        CheckInRules.FlagNames(c.Flags), CheckInRules.Counts(c.Status), c.ReviewNote);

    private static async Task<Results<Created<CheckInResponse>, Ok<CheckInResponse>>> CheckIn(CheckInRequest request, ResidentCadresDbContext db,
        HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        new Validator()
            .Check(request.Latitude is >= -90 and <= 90, "latitude", "纬度必填，范围 -90 到 90。")
            .Check(request.Longitude is >= -180 and <= 180, "longitude", "经度必填，范围 -180 到 180。")
            .Check(request.AccuracyMeters is null or >= 0, "accuracyMeters", "定位精度不能为负。")
            .Check(!string.IsNullOrWhiteSpace(request.DeviceId) && request.DeviceId.Length <= 200, "deviceId", "设备标识必填（最多 200 个字符）。")
            .ThrowIfInvalid();
        var sub = http.User.FindFirst(PartyClaims.Subject)?.Value ?? "";
        var now = clock.GetUtcNow();
        var day = BusinessDate.Of(now);
        var context = (await db.Database.SqlQueryRaw<CheckInContext>($"""
            SELECT c.id AS cadre_id, a.id AS assignment_id, a.village_id AS village_id, a.org_path AS org_path, a.starts_on AS starts_on, a.ends_on AS ends_on,
                   v.office_latitude AS office_latitude, v.office_longitude AS office_longitude, v.geofence_radius_meters AS radius_meters,
                   (SELECT value FROM rule_settings WHERE key = '{RuleKeys.GeofenceRadiusMeters}' AND effective_from <= @day ORDER BY effective_from DESC LIMIT 1) AS default_radius_meters,
                   (SELECT value FROM rule_settings WHERE key = '{RuleKeys.MaxSpeedKmh}' AND effective_from <= @day ORDER BY effective_from DESC LIMIT 1) AS max_speed_kmh,
                   EXISTS (SELECT 1 FROM leaves l WHERE l.cadre_id = c.id AND l.status = 'Approved' AND l.from_day <= @day AND l.to_day >= @day) AS on_leave,
                   p.at AS previous_at, p.latitude AS previous_latitude, p.longitude AS previous_longitude,
                   EXISTS (SELECT 1 FROM check_ins d WHERE d.day = @day AND d.device_id = @device AND d.cadre_id <> c.id) AS device_shared,
                   (SELECT t.id FROM check_ins t WHERE t.cadre_id = c.id AND t.day = @day) AS today_check_in_id
            FROM cadres c
            LEFT JOIN assignments a ON a.cadre_id = c.id AND NOT a.ended
            LEFT JOIN village_profiles v ON v.village_id = a.village_id
            LEFT JOIN LATERAL (SELECT at, latitude, longitude FROM check_ins WHERE cadre_id = c.id AND day < @day ORDER BY day DESC LIMIT 1) p ON true
            WHERE c.user_id = @sub
            """,
            new NpgsqlParameter("day", NpgsqlDbType.Date) { Value = day },
            new NpgsqlParameter("device", NpgsqlDbType.Text) { Value = request.DeviceId!.Trim() },
            new NpgsqlParameter("sub", NpgsqlDbType.Text) { Value = sub }).ToListAsync(ct)).FirstOrDefault()
            ?? throw new DomainException("cadres.not_registered", "您的账号未登记为驻村干部，请联系乡镇党委登记后再使用。", 403);

        if (context.AssignmentId is null || context.StartsOn > day || context.EndsOn < day)
            throw new DomainException("check_ins.not_assigned", "您今天没有在岗的派驻，无需签到。", 409);
        if (context.OfficeLatitude is not { } officeLat || context.OfficeLongitude is not { } officeLon)
            throw new DomainException("check_ins.village_office_unknown", "所驻村尚未登记村部位置，请联系乡镇党委登记后再签到。", 409);

        if (context.TodayCheckInId is { } todayId)
            return TypedResults.Ok(ToResponse(await db.CheckIns.AsNoTracking().FirstAsync(c => c.Id == todayId, ct)));
        if (context.OnLeave)
            throw new DomainException("check_ins.on_leave", "您今天处于已批准的请假期间，请先销假再签到。", 409);

        var position = new GeoPoint(request.Latitude!.Value, request.Longitude!.Value);
        var previous = context.PreviousAt is { } prevAt ? new PreviousCheckIn(prevAt, new GeoPoint(context.PreviousLatitude!.Value, context.PreviousLongitude!.Value)) : null;
        var assessment = CheckInRules.Assess(new GeoPoint(officeLat, officeLon), context.RadiusMeters ?? (double)context.DefaultRadiusMeters, position, now,
            request.MockLocation ?? false, context.DeviceShared, previous, (double)context.MaxSpeedKmh);
        var row = new CheckIn
        {
            Id = Guid.CreateVersion7(), CadreId = context.CadreId, VillageId = context.VillageId!.Value, OrgPath = context.OrgPath!, Day = day, At = now,
            Latitude = position.Latitude, Longitude = position.Longitude, AccuracyMeters = request.AccuracyMeters, DeviceId = request.DeviceId!.Trim(),
            DistanceMeters = assessment.DistanceMeters, Flags = assessment.Flags, Status = assessment.Status,
        };
        // The (cadre, day) unique index makes the insert the idempotency check: a repeat or a concurrent twin inserts nothing.
        // The audit entry rides in the same statement, so the hot path stays one round trip for the write.
        var actorName = http.User.FindFirst(PartyClaims.Name)?.Value ?? sub;
        var inserted = await db.Database.ExecuteSqlInterpolatedAsync($"""
            WITH inserted AS (
                INSERT INTO check_ins (id, cadre_id, village_id, org_path, day, at, latitude, longitude, accuracy_meters, device_id, distance_meters, flags, status)
                VALUES ({row.Id}, {row.CadreId}, {row.VillageId}, {row.OrgPath}, {row.Day}, {row.At}, {row.Latitude}, {row.Longitude}, {row.AccuracyMeters},
                        {row.DeviceId}, {row.DistanceMeters}, {(int)row.Flags}, {row.Status.ToString()})
                ON CONFLICT (cadre_id, day) DO NOTHING
                RETURNING id, org_path
            )
            INSERT INTO audit_entries (at, actor, actor_name, entity, entity_id, action, "from", "to", reason, org_path)
            SELECT {row.At}, {sub}, {actorName}, 'check_in', id::text, 'checked_in', NULL, {row.Status.ToString()},
                   {$"{Math.Round(row.DistanceMeters)} m {string.Join(",", CheckInRules.FlagNames(row.Flags))}".Trim()}, org_path
            FROM inserted
            """, ct);
        if (inserted == 0)
            return TypedResults.Ok(ToResponse(await db.CheckIns.AsNoTracking().FirstAsync(c => c.CadreId == context.CadreId && c.Day == day, ct)));
        if (context.DeviceShared)
        {
            // The other cadres who used this device today are flagged as well: the anomaly belongs to all of them.
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                UPDATE check_ins SET flags = flags | {(int)CheckInFlags.SharedDevice}
                WHERE day = {day} AND device_id = {row.DeviceId} AND (flags & {(int)CheckInFlags.SharedDevice}) = 0
                """, ct);
            row.Flags |= CheckInFlags.SharedDevice;
        }
        PartyMetrics.CheckInRecorded(row.Status.ToString());
        return TypedResults.Created($"{ApiSupport.Prefix}/me/check-ins", ToResponse(row));
    }

    private static async Task<Ok<Page<CheckInResponse>>> Mine(DateOnly? from, DateOnly? to, int? page, int? pageSize, ResidentCadresDbContext db,
        HttpContext http, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var cadre = await ApiSupport.CurrentCadreAsync(db, http.User, ct);
        var query = db.CheckIns.AsNoTracking().Where(c => c.CadreId == cadre.Id);
        if (from is { } f) query = query.Where(c => c.Day >= f);
        if (to is { } t) query = query.Where(c => c.Day <= t);
        return TypedResults.Ok(await query.OrderByDescending(c => c.Day).ToPageAsync(paging, ToResponse, ct));
    }

    private static async Task<Ok<Page<CheckInResponse>>> List(DateOnly? day, Guid? villageId, Guid? cadreId, [QueryEnum(typeof(CheckInStatus))] string? status, bool? flagged,
        int? page, int? pageSize, ResidentCadresDbContext db, OrgScope scope, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var query = db.CheckIns.AsNoTracking().Where(c => c.OrgPath.StartsWith(prefix));
        if (day is { } d) query = query.Where(c => c.Day == d);
        if (villageId is { } v) query = query.Where(c => c.VillageId == v);
        if (cadreId is { } cid) query = query.Where(c => c.CadreId == cid);
        if (QueryEnums.Parse<CheckInStatus>(status, "status") is { } s) query = query.Where(c => c.Status == s);
        if (flagged == true) query = query.Where(c => c.Flags != CheckInFlags.None);
        return TypedResults.Ok(await query.OrderByDescending(c => c.Day).ThenBy(c => c.CadreId).ToPageAsync(paging, ToResponse, ct));
    }

    private static Task<Ok<CheckInResponse>> Approve(Guid id, ApproveRequest request, ResidentCadresDbContext db, OrgScope scope, HttpContext http,
        TimeProvider clock, CancellationToken ct) => Review(id, CheckInStatus.Approved, request.Note, db, scope, http, clock, ct);

    private static Task<Ok<CheckInResponse>> Reject(Guid id, RejectRequest request, ResidentCadresDbContext db, OrgScope scope, HttpContext http,
        TimeProvider clock, CancellationToken ct)
    {
        request.Validate();
        return Review(id, CheckInStatus.Rejected, request.Note, db, scope, http, clock, ct);
    }

    private static async Task<Ok<CheckInResponse>> Review(Guid id, CheckInStatus to, string? note, ResidentCadresDbContext db, OrgScope scope,
        HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var checkIn = await db.CheckIns.FirstOrDefaultAsync(c => c.Id == id && c.OrgPath.StartsWith(prefix), ct) ?? throw DomainException.NotFound("check_ins");
        if (checkIn.Status != CheckInStatus.PendingApproval)
            throw DomainException.Conflict("check_ins.not_pending", "只有范围外、待审核的签到可以审核。");
        var now = clock.GetUtcNow();
        checkIn.Status = to;
        checkIn.ReviewNote = note;
        db.Audit(http.User, now, "check_in", id, checkIn.OrgPath, to == CheckInStatus.Approved ? "approved" : "rejected",
            CheckInStatus.PendingApproval.ToString(), to.ToString(), note);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ToResponse(checkIn));
    }
}
