using Party.ResidentCadres.Domain.Dispatch;

namespace Party.ResidentCadres.Domain.Villages;

/// <summary>
/// One poverty-data report (贫困数据报送) of the agriculture bureau: its natural key is village + year,
/// so a repeated report is recognised whatever Idempotency-Key it carries.
/// </summary>
public sealed class PovertyReport
{
    public Guid VillageId { get; set; }
    public int Year { get; set; }
    public bool RegisteredPoorVillage { get; set; }
    public int PoorHouseholds { get; set; }
    public decimal PovertyIncidencePercent { get; set; }
    public required string ReportedBy { get; set; }
    public DateTimeOffset ReportedAt { get; set; }

    public bool SameFigures(bool registeredPoorVillage, int poorHouseholds, decimal povertyIncidencePercent) =>
        RegisteredPoorVillage == registeredPoorVillage && PoorHouseholds == poorHouseholds
        && PovertyIncidencePercent == povertyIncidencePercent;
}

/// <summary>
/// This service's data about a village, keyed by the village's org-unit id in the replica: the
/// office position and geofence, the agriculture bureau's poverty data, the weak-and-lax
/// designation, and the requirement derived from them.
/// </summary>
public sealed class VillageProfile
{
    public Guid VillageId { get; set; }
    public required string OrgPath { get; set; }
    public double? OfficeLatitude { get; set; }
    public double? OfficeLongitude { get; set; }
    /// <summary>Null: the county default radius applies.</summary>
    public int? GeofenceRadiusMeters { get; set; }
    /// <summary>贫困村 (建档立卡).</summary>
    public bool RegisteredPoorVillage { get; set; }
    public int PoorHouseholds { get; set; }
    /// <summary>贫困发生率, percent.</summary>
    public decimal PovertyIncidencePercent { get; set; }
    public int? PovertyDataYear { get; set; }
    /// <summary>软弱涣散 designation from the branches service.</summary>
    public bool WeakAndLax { get; set; }
    public DispatchRequirement Requirement { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public uint RowVersion { get; set; }

    public VillageFacts Facts => new(RegisteredPoorVillage, PoorHouseholds, PovertyIncidencePercent, WeakAndLax);
}
