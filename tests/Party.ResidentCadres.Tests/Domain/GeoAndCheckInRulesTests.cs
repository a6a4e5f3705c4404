using Microsoft.Extensions.Time.Testing;
using Party.Common;
using Party.ResidentCadres.Domain.CheckIns;

namespace Party.ResidentCadres.Tests.Domain;

public class GeoAndCheckInRulesTests
{
    private static readonly GeoPoint Office = new(34.7466, 113.6253);
    private static readonly DateTimeOffset Morning = new(2027, 3, 2, 1, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(999, 1000, true)]
    [InlineData(1000, 1000, true)]
    [InlineData(1001, 1000, false)]
    [InlineData(499, 500, true)]
    [InlineData(501, 500, false)]
    [InlineData(0, 1000, true)]
    public void Geofence_counts_the_haversine_distance_against_the_village_radius(double meters, double radius, bool inside)
    {
        var position = Geo.NorthOf(Office, meters);
        Assert.Equal(meters, Geo.DistanceMeters(Office, position), 3);
        Assert.Equal(inside, Geo.InsideFence(Office, radius, position));
        var assessment = CheckInRules.Assess(Office, radius, position, Morning, false, false, null, 120);
        Assert.Equal(inside ? CheckInStatus.Valid : CheckInStatus.PendingApproval, assessment.Status);
        Assert.Equal(!inside, assessment.Flags.HasFlag(CheckInFlags.OutsideGeofence));
    }

    [Fact]
    public void Haversine_matches_a_known_distance()
    {
        // Beijing Tiananmen to Shanghai People's Square, about 1,067 km along the great circle.
        var km = Geo.DistanceMeters(new GeoPoint(39.9087, 116.3975), new GeoPoint(31.2304, 121.4737)) / 1000;
        Assert.InRange(km, 1060, 1075);
    }

    [Theory]
    [InlineData("2027-03-01T15:59:00Z", "2027-03-01")] // 23:59 in Shanghai
    [InlineData("2027-03-01T15:59:59Z", "2027-03-01")]
    [InlineData("2027-03-01T16:00:00Z", "2027-03-02")] // 00:00 in Shanghai
    [InlineData("2027-02-28T16:00:00Z", "2027-03-01")]
    [InlineData("2027-03-31T16:00:00Z", "2027-04-01")] // month boundary
    public void The_local_day_is_the_Shanghai_date_of_the_server_clock(string utc, string day)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse(utc));
        Assert.Equal(DateOnly.Parse(day), clock.Today());
    }

    [Theory]
    [InlineData(100_000, 60, false)]   // 100 km/h
    [InlineData(120_000, 60, false)]   // exactly 120 km/h is allowed
    [InlineData(121_000, 60, true)]    // 121 km/h
    [InlineData(20_000, 5, true)]      // 240 km/h
    [InlineData(0, 0, false)]          // same place
    [InlineData(1_000, 0, true)]       // moved with no time between
    public void A_jump_faster_than_120_kmh_between_consecutive_check_ins_is_flagged(double meters, double minutes, bool flagged)
    {
        var previous = new PreviousCheckIn(Morning, Geo.NorthOf(Office, -meters));
        var assessment = CheckInRules.Assess(Office, 1000, Office, Morning.AddMinutes(minutes), false, false, previous, 120);
        Assert.Equal(flagged, assessment.Flags.HasFlag(CheckInFlags.SpeedJump));
        Assert.Equal(CheckInStatus.Valid, assessment.Status);
    }

    [Theory]
    [InlineData(false, false, new string[0])]
    [InlineData(true, false, new[] { "mockLocation" })]
    [InlineData(false, true, new[] { "sharedDevice" })]
    [InlineData(true, true, new[] { "mockLocation", "sharedDevice" })]
    public void Mock_location_and_shared_device_are_flagged_but_do_not_void_the_check_in(bool mock, bool shared, string[] flags)
    {
        var assessment = CheckInRules.Assess(Office, 1000, Office, Morning, mock, shared, null, 120);
        Assert.Equal(flags, CheckInRules.FlagNames(assessment.Flags));
        Assert.Equal(CheckInStatus.Valid, assessment.Status);
    }

    [Theory]
    [InlineData(CheckInStatus.Valid, true)]
    [InlineData(CheckInStatus.Approved, true)]
    [InlineData(CheckInStatus.PendingApproval, false)]
    [InlineData(CheckInStatus.Rejected, false)]
    [InlineData(CheckInStatus.Revoked, false)]
    public void Only_valid_and_approved_check_ins_count(CheckInStatus status, bool counts) =>
        Assert.Equal(counts, CheckInRules.Counts(status));
}
