namespace Party.ResidentCadres.Domain.CheckIns;

/// <summary>A daily check-in (每日签到); one row per cadre per local day.</summary>
public sealed class CheckIn
{
    public Guid Id { get; set; }
    public Guid CadreId { get; set; }
    public Guid VillageId { get; set; }
    public required string OrgPath { get; set; }
    public DateOnly Day { get; set; }
    public DateTimeOffset At { get; set; }
    public double Latitude { get; set; }
    public double Longitude { get; set; }
    public double? AccuracyMeters { get; set; }
    public required string DeviceId { get; set; }
    public double DistanceMeters { get; set; }
    public CheckInFlags Flags { get; set; }
    public CheckInStatus Status { get; set; }
    public string? ReviewNote { get; set; }
}
