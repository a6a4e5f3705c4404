namespace Party.ResidentCadres.Domain.CheckIns;

/// <summary>Anomalies noted on a check-in (签到异常); stored as a bit set, shown as names.</summary>
[Flags]
public enum CheckInFlags
{
    None = 0,
    OutsideGeofence = 1,
    MockLocation = 2,
    SharedDevice = 4,
    SpeedJump = 8,
}

/// <summary>
/// Valid counts; outside the fence waits for the township (approved counts, rejected does not); revoked by a spot check never
/// counts.
/// </summary>
public enum CheckInStatus { Valid, PendingApproval, Approved, Rejected, Revoked }

public sealed record PreviousCheckIn(DateTimeOffset At, GeoPoint Position);

public sealed record CheckInAssessment(double DistanceMeters, bool InsideFence, CheckInFlags Flags, CheckInStatus Status);

public static class CheckInRules
{
    public static bool Counts(CheckInStatus status) => status is CheckInStatus.Valid or CheckInStatus.Approved;

    public static IReadOnlyList<string> FlagNames(CheckInFlags flags) =>
        Enum.GetValues<CheckInFlags>().Where(f => f != CheckInFlags.None && flags.HasFlag(f))
            .Select(f => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(f.ToString())).ToList();

    /// <summary>Speed implied by two consecutive check-ins, km/h; a move with no time between is infinitely fast.</summary>
    public static double SpeedKmh(PreviousCheckIn previous, DateTimeOffset at, GeoPoint position)
    {
        var km = Geo.DistanceMeters(previous.Position, position) / 1000;
        var hours = (at - previous.At).TotalHours;
        if (km == 0) return 0;
        return hours <= 0 ? double.PositiveInfinity : km / hours;
    }

    /// <summary>
    /// Judges one check-in: inside the fence it is valid; outside it is kept but waits for the
    /// township's approval. Anomalies are flagged for the township to see; they do not by
    /// themselves void a check-in (a spot check does).
    /// </summary>
    public static CheckInAssessment Assess(GeoPoint office, double radiusMeters, GeoPoint position, DateTimeOffset at,
        bool mockLocationReported, bool deviceUsedByAnotherCadreToday, PreviousCheckIn? previous, double maxSpeedKmh)
    {
        var distance = Geo.DistanceMeters(office, position);
        var inside = Geo.WithinRadius(distance, radiusMeters);
        var flags = CheckInFlags.None;
        if (!inside) flags |= CheckInFlags.OutsideGeofence;
        if (mockLocationReported) flags |= CheckInFlags.MockLocation;
        if (deviceUsedByAnotherCadreToday) flags |= CheckInFlags.SharedDevice;
        if (previous is not null && Math.Round(SpeedKmh(previous, at, position), 3) > maxSpeedKmh) flags |= CheckInFlags.SpeedJump;
        return new CheckInAssessment(distance, inside, flags, inside ? CheckInStatus.Valid : CheckInStatus.PendingApproval);
    }
}
