namespace Party.ResidentCadres.Domain.Dispatch;

/// <summary>Who must be sent to a village (派驻要求, SPEC §5.1).</summary>
public enum DispatchRequirement { None, WorkTeam, FirstSecretaryAndWorkTeam }

/// <summary>What the agriculture bureau reports and the branches service designates about a village.</summary>
public sealed record VillageFacts(bool RegisteredPoorVillage, int PoorHouseholds, decimal PovertyIncidencePercent, bool WeakAndLax);

/// <summary>Thresholds of §5.1, stored as effective-dated settings.</summary>
public sealed record DispatchThresholds(int FullTeamFromHouseholds, int WorkTeamFromHouseholds, decimal FullTeamAboveIncidencePercent)
{
    public static readonly DispatchThresholds Default = new(31, 11, 20m);
}

public static class DispatchRules
{
    public static DispatchRequirement RequirementFor(VillageFacts v, DispatchThresholds t)
    {
        if (v.RegisteredPoorVillage || v.WeakAndLax || v.PoorHouseholds >= t.FullTeamFromHouseholds
            || v.PovertyIncidencePercent > t.FullTeamAboveIncidencePercent)
            return DispatchRequirement.FirstSecretaryAndWorkTeam;
        return v.PoorHouseholds >= t.WorkTeamFromHouseholds ? DispatchRequirement.WorkTeam : DispatchRequirement.None;
    }

    /// <summary>
    /// Met when the village has what it needs among active assignments: a first secretary plus at
    /// least one team leader or member for the full requirement; anyone stationed for a work team alone.
    /// </summary>
    public static bool IsMet(DispatchRequirement requirement, int firstSecretaries, int teamMembers) => requirement switch
    {
        DispatchRequirement.FirstSecretaryAndWorkTeam => firstSecretaries > 0 && teamMembers > 0,
        DispatchRequirement.WorkTeam => firstSecretaries + teamMembers > 0,
        _ => true,
    };
}
