using Party.Branches.Domain.OrgUnits;

namespace Party.Branches.Domain.Village;

/// <summary>
/// Monthly observation (逐村观摩): one township a month; each village scored on the six basic constructions
/// (组织、队伍、制度、活动、阵地、保障), 0–10 points each. Ranking is by total; classes are thirds of the
/// ranking (一类/二类/三类), because the seeds fix no class thresholds.
/// </summary>
public sealed class ObservationScore
{
    public Guid Id { get; set; }
    public Guid TownshipId { get; set; }
    public Guid BranchId { get; set; }
    public required string OrgPath { get; set; }
    public int Year { get; set; }
    public int Month { get; set; }
    public decimal Organization { get; set; }
    public decimal Team { get; set; }
    public decimal System { get; set; }
    public decimal Activities { get; set; }
    public decimal Premises { get; set; }
    public decimal Guarantees { get; set; }
    public decimal Total { get; set; }
    public DateTimeOffset RecordedAt { get; set; }

    public const decimal MaxPerConstruction = 10;
}

/// <summary>A county's observation month is given to one township (逐村观摩 is one township a month).</summary>
public sealed class ObservationMonth
{
    public Guid CountyId { get; set; }
    public int Year { get; set; }
    public int Month { get; set; }
    public Guid TownshipId { get; set; }
}

/// <summary>Demonstration site (示范点) of a year.</summary>
public sealed class DemonstrationSite
{
    public Guid Id { get; set; }
    public Guid BranchId { get; set; }
    public required string OrgPath { get; set; }
    public int Year { get; set; }
    public OrgDomain Domain { get; set; }
    public required string Reason { get; set; }
    public DateTimeOffset DesignatedAt { get; set; }
}

/// <summary>Which quota a domain falls under; the two "两新" domains share one.</summary>
public enum SiteGroup { Rural, Community, StateOwnedEnterprise, TwoNew, GovernmentOrgan, School, Other }

public static class DemonstrationQuotas
{
    public static SiteGroup GroupOf(OrgDomain domain) => domain switch
    {
        OrgDomain.RuralVillage => SiteGroup.Rural,
        OrgDomain.Community => SiteGroup.Community,
        OrgDomain.StateOwnedEnterprise => SiteGroup.StateOwnedEnterprise,
        OrgDomain.NonPublicEnterprise or OrgDomain.SocialOrganization => SiteGroup.TwoNew,
        OrgDomain.GovernmentOrgan => SiteGroup.GovernmentOrgan,
        OrgDomain.School => SiteGroup.School,
        _ => SiteGroup.Other,
    };

    /// <summary>Rural sites are capped per township (2); rural counts nothing county-wide.</summary>
    public const int RuralPerTownship = 2;

    /// <summary>County-wide minimums: community ≥ 4, SOE ≥ 2, 两新 ≥ 5, organs ≥ 8, schools ≥ 2.</summary>
    public static int CountyMinimum(SiteGroup group) => group switch
    {
        SiteGroup.Community => 4,
        SiteGroup.StateOwnedEnterprise => 2,
        SiteGroup.TwoNew => 5,
        SiteGroup.GovernmentOrgan => 8,
        SiteGroup.School => 2,
        _ => 0,
    };

    public static bool RuralCapReached(int ruralSitesInTownship) => ruralSitesInTownship >= RuralPerTownship;
}

/// <summary>Branch pairing (结对共建) between two branches, with an activity log.</summary>
public sealed class Pairing
{
    public Guid Id { get; set; }
    public Guid BranchId { get; set; }
    public Guid PartnerBranchId { get; set; }
    public required string OrgPath { get; set; }
    public required string PartnerOrgPath { get; set; }
    public DateOnly StartedOn { get; set; }
    public required string Purpose { get; set; }
}

public sealed class PairingActivity
{
    public Guid Id { get; set; }
    public Guid PairingId { get; set; }
    public DateOnly HeldOn { get; set; }
    public required string Summary { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>Village collective-economy income (村集体经济收入) of a year, yuan.</summary>
public sealed class CollectiveIncome
{
    public Guid BranchId { get; set; }
    public int Year { get; set; }
    public required string OrgPath { get; set; }
    public decimal Amount { get; set; }
    public DateTimeOffset EnteredAt { get; set; }
}
