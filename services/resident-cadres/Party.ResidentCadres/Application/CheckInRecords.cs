using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Party.Common;
using Party.Persistence;
using Party.Persistence.Audit;
using Party.ResidentCadres.Data;
using Party.ResidentCadres.Domain.CheckIns;
using Party.ResidentCadres.Domain.Settings;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Telemetry;

namespace Party.ResidentCadres.Application;

/// <summary>Everything one check-in needs to be judged, read in a single round trip.</summary>
internal sealed record CheckInContext(Guid CadreId, Guid? AssignmentId, Guid? VillageId, string? OrgPath, DateOnly? StartsOn,
    DateOnly? EndsOn, double? OfficeLatitude, double? OfficeLongitude, int? RadiusMeters, decimal DefaultRadiusMeters, decimal MaxSpeedKmh,
    bool OnLeave, DateTimeOffset? PreviousAt, double? PreviousLatitude, double? PreviousLongitude, bool DeviceShared, CheckIn? Today);

/// <summary>What a cadre's phone sends for a check-in (每日签到), already validated.</summary>
public sealed record CheckInAttempt(GeoPoint Position, string DeviceId, double? AccuracyMeters, bool MockLocationReported);

/// <summary>Daily check-ins: recording one (the hot path) and the township's review of those outside the fence.</summary>
public static class CheckInRecords
{
    /// <summary>
    /// Records the caller's check-in of the local day; <c>Created</c> is false when the day already had one (a repeat or a
    /// concurrent twin), which is then returned as it is.
    /// </summary>
    public static async Task<(CheckIn CheckIn, bool Created)> RecordAsync(ResidentCadresDbContext db, ClaimsPrincipal user,
        DateTimeOffset now, CheckInAttempt attempt, CancellationToken ct)
    {
        now = now.AsStored();
        var sub = user.FindFirst(PartyClaims.Subject)?.Value ?? "";
        var day = BusinessDate.Of(now);
        var context = await ContextAsync(db, sub, day, attempt.DeviceId, ct) ?? throw CadreLookup.NotRegistered();

        if (context.AssignmentId is null || context.StartsOn > day || context.EndsOn < day)
            throw new DomainException("check_ins.not_assigned", "您今天没有在岗的派驻，无需签到。", 409);
        if (context.OfficeLatitude is not { } officeLat || context.OfficeLongitude is not { } officeLon)
            throw new DomainException("check_ins.village_office_unknown", "所驻村尚未登记村部位置，请联系乡镇党委登记后再签到。", 409);

        if (context.Today is { } today) return (today, false);
        if (context.OnLeave)
            throw new DomainException("check_ins.on_leave", "您今天处于已批准的请假期间，请先销假再签到。", 409);

        var position = attempt.Position;
        var previous = context.PreviousAt is { } prevAt
            ? new PreviousCheckIn(prevAt, new GeoPoint(context.PreviousLatitude!.Value, context.PreviousLongitude!.Value))
            : null;
        var radius = context.RadiusMeters ?? (double)context.DefaultRadiusMeters;
        var assessment = CheckInRules.Assess(new GeoPoint(officeLat, officeLon), radius,
            position, now, attempt.MockLocationReported, context.DeviceShared, previous, (double)context.MaxSpeedKmh);
        var row = new CheckIn
        {
            Id = Guid.CreateVersion7(), CadreId = context.CadreId, VillageId = context.VillageId!.Value, OrgPath = context.OrgPath!,
            Day = day, At = now, Latitude = position.Latitude, Longitude = position.Longitude, AccuracyMeters = attempt.AccuracyMeters,
            DeviceId = attempt.DeviceId, DistanceMeters = assessment.DistanceMeters, Flags = assessment.Flags, Status = assessment.Status,
        };
        // The (cadre, day) unique index makes the insert the idempotency check: a repeat or a concurrent twin inserts nothing.
        // The audit entry rides in the same statement, so the hot path stays one round trip for the write.
        var actorName = user.FindFirst(PartyClaims.Name)?.Value ?? sub;
        var auditReason = $"{Math.Round(row.DistanceMeters)} m {string.Join(",", CheckInRules.FlagNames(row.Flags))}".Trim();
        var inserted = await db.Database.ExecuteSqlInterpolatedAsync($"""
            WITH inserted AS (
                INSERT INTO check_ins (id, cadre_id, village_id, org_path, day, at, latitude, longitude, accuracy_meters, device_id,
                                       distance_meters, flags, status)
                VALUES ({row.Id}, {row.CadreId}, {row.VillageId}, {row.OrgPath}, {row.Day}, {row.At}, {row.Latitude}, {row.Longitude},
                        {row.AccuracyMeters}, {row.DeviceId}, {row.DistanceMeters}, {(int)row.Flags}, {row.Status.ToString()})
                ON CONFLICT (cadre_id, day) DO NOTHING
                RETURNING id, org_path
            )
            INSERT INTO audit_entries (at, actor, actor_name, entity, entity_id, action, "from", "to", reason, org_path)
            SELECT {row.At}, {sub}, {actorName}, 'check_in', id::text, 'checked_in', NULL, {row.Status.ToString()},
                   {auditReason}, org_path
            FROM inserted
            """, ct);
        if (inserted == 0)
            return (await db.CheckIns.AsNoTracking().FirstAsync(c => c.CadreId == context.CadreId && c.Day == day, ct), false);
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
        return (row, true);
    }

    /// <summary>
    /// Read with Npgsql directly: through EF's raw-SQL query (its query pipeline, command cache lock and row shaper) this
    /// one read cost more CPU than the rest of the check-in (dotnet-trace under ./party bench cadres-checkin).
    /// </summary>
    private static async Task<CheckInContext?> ContextAsync(ResidentCadresDbContext db, string sub, DateOnly day, string deviceId,
        CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var cmd = new NpgsqlCommand(ContextSql, (NpgsqlConnection)db.Database.GetDbConnection());
            cmd.Parameters.Add(new NpgsqlParameter<DateOnly>("day", NpgsqlDbType.Date) { TypedValue = day });
            cmd.Parameters.Add(new NpgsqlParameter<string>("device", NpgsqlDbType.Text) { TypedValue = deviceId });
            cmd.Parameters.Add(new NpgsqlParameter<string>("sub", NpgsqlDbType.Text) { TypedValue = sub });
            await using var r = await cmd.ExecuteReaderAsync(System.Data.CommandBehavior.SingleRow, ct);
            if (!await r.ReadAsync(ct)) return null;
            T? Get<T>(int i) where T : struct => r.IsDBNull(i) ? null : r.GetFieldValue<T>(i);
            var cadreId = r.GetGuid(0);
            // A repeat of the day's check-in is answered from this same row: the second read it took through EF was 29% of the
            // service's CPU per repeat (0.870 → 0.618 ms, ./party bench cadres-checkin --cpu, old and new build in turn).
            var today = r.IsDBNull(16) ? null : new CheckIn
            {
                Id = r.GetGuid(16), CadreId = cadreId, VillageId = r.GetGuid(17), OrgPath = r.GetString(18), Day = day,
                At = r.GetFieldValue<DateTimeOffset>(19), Latitude = r.GetDouble(20), Longitude = r.GetDouble(21),
                AccuracyMeters = Get<double>(22), DeviceId = r.GetString(23), DistanceMeters = r.GetDouble(24),
                Flags = (CheckInFlags)r.GetInt32(25), Status = Enum.Parse<CheckInStatus>(r.GetString(26)),
                ReviewNote = r.IsDBNull(27) ? null : r.GetString(27),
            };
            return new CheckInContext(cadreId, Get<Guid>(1), Get<Guid>(2), r.IsDBNull(3) ? null : r.GetString(3),
                Get<DateOnly>(4), Get<DateOnly>(5), Get<double>(6), Get<double>(7), Get<int>(8), r.GetDecimal(9), r.GetDecimal(10),
                r.GetBoolean(11), Get<DateTimeOffset>(12), Get<double>(13), Get<double>(14), r.GetBoolean(15), today);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private const string ContextSql = $"""
            SELECT c.id AS cadre_id, a.id AS assignment_id, a.village_id AS village_id, a.org_path AS org_path, a.starts_on AS starts_on,
                   a.ends_on AS ends_on, v.office_latitude AS office_latitude, v.office_longitude AS office_longitude,
                   v.geofence_radius_meters AS radius_meters,
                   (SELECT value FROM rule_settings WHERE key = '{RuleKeys.GeofenceRadiusMeters}' AND effective_from <= @day
                    ORDER BY effective_from DESC LIMIT 1) AS default_radius_meters,
                   (SELECT value FROM rule_settings WHERE key = '{RuleKeys.MaxSpeedKmh}' AND effective_from <= @day
                    ORDER BY effective_from DESC LIMIT 1) AS max_speed_kmh,
                   EXISTS (SELECT 1 FROM leaves l WHERE l.cadre_id = c.id AND l.status = 'Approved' AND l.from_day <= @day
                           AND l.to_day >= @day) AS on_leave,
                   p.at AS previous_at, p.latitude AS previous_latitude, p.longitude AS previous_longitude,
                   EXISTS (SELECT 1 FROM check_ins d WHERE d.day = @day AND d.device_id = @device AND d.cadre_id <> c.id) AS device_shared,
                   t.id, t.village_id, t.org_path, t.at, t.latitude, t.longitude, t.accuracy_meters, t.device_id, t.distance_meters,
                   t.flags, t.status, t.review_note
            FROM cadres c
            LEFT JOIN assignments a ON a.cadre_id = c.id AND NOT a.ended
            LEFT JOIN village_profiles v ON v.village_id = a.village_id
            LEFT JOIN LATERAL (
                SELECT at, latitude, longitude FROM check_ins WHERE cadre_id = c.id AND day < @day ORDER BY day DESC LIMIT 1
            ) p ON true
            LEFT JOIN check_ins t ON t.cadre_id = c.id AND t.day = @day
            WHERE c.user_id = @sub
            """;

    /// <summary>The township's decision on a check-in outside the fence: approved counts, rejected does not.</summary>
    public static async Task<CheckIn> ReviewAsync(ResidentCadresDbContext db, string prefix, Guid id, CheckInStatus to, string? note,
        ClaimsPrincipal user, DateTimeOffset now, CancellationToken ct)
    {
        var checkIn = await db.CheckIns.FirstOrDefaultAsync(c => c.Id == id && c.OrgPath.StartsWith(prefix), ct)
            ?? throw DomainException.NotFound("check_ins");
        if (checkIn.Status != CheckInStatus.PendingApproval)
            throw DomainException.Conflict("check_ins.not_pending", "只有范围外、待审核的签到可以审核。");
        checkIn.Status = to;
        checkIn.ReviewNote = note;
        db.Audit(user, now, "check_in", id, checkIn.OrgPath, to == CheckInStatus.Approved ? "approved" : "rejected",
            CheckInStatus.PendingApproval.ToString(), to.ToString(), note);
        await db.SaveChangesAsync(ct);
        return checkIn;
    }
}
