namespace Party.ResidentCadres.Domain.CheckIns;

public readonly record struct GeoPoint(double Latitude, double Longitude)
{
    public bool IsValid => Latitude is >= -90 and <= 90 && Longitude is >= -180 and <= 180;
}

public static class Geo
{
    /// <summary>Mean Earth radius (IUGG), the usual constant for haversine distances.</summary>
    public const double EarthRadiusMeters = 6_371_008.8;

    /// <summary>Great-circle distance by the haversine formula, in metres.</summary>
    public static double DistanceMeters(GeoPoint a, GeoPoint b)
    {
        static double Rad(double deg) => deg * Math.PI / 180;
        var dLat = Rad(b.Latitude - a.Latitude);
        var dLon = Rad(b.Longitude - a.Longitude);
        var h = Math.Sin(dLat / 2) * Math.Sin(dLat / 2)
              + Math.Cos(Rad(a.Latitude)) * Math.Cos(Rad(b.Latitude)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * EarthRadiusMeters * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    /// <summary>The point <paramref name="meters"/> due north of <paramref name="origin"/> (for fixtures and tests).</summary>
    public static GeoPoint NorthOf(GeoPoint origin, double meters) =>
        origin with { Latitude = origin.Latitude + meters / EarthRadiusMeters * 180 / Math.PI };

    /// <summary>Inside the village geofence (驻村范围) when the distance to the registered office is at most the radius.</summary>
    /// <remarks>Compared at centimetre precision so a point placed exactly on the fence is not lost to floating-point noise.</remarks>
    public static bool InsideFence(GeoPoint office, double radiusMeters, GeoPoint position) =>
        WithinRadius(DistanceMeters(office, position), radiusMeters);

    public static bool WithinRadius(double distanceMeters, double radiusMeters) => Math.Round(distanceMeters, 2) <= radiusMeters;
}
