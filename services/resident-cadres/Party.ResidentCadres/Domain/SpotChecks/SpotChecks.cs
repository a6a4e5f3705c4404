namespace Party.ResidentCadres.Domain.SpotChecks;

/// <summary>电话抽查, 实地走访, 暗访.</summary>
public enum SpotCheckMethod { Phone, Visit, Unannounced }

public enum ViolationKind { CheckInRevoked, Absence }

/// <summary>A spot check (抽查) and what it found.</summary>
public sealed class SpotCheck
{
    public Guid Id { get; set; }
    public Guid CadreId { get; set; }
    public Guid VillageId { get; set; }
    public required string OrgPath { get; set; }
    public DateOnly Day { get; set; }
    public SpotCheckMethod Method { get; set; }
    public bool Present { get; set; }
    public string? Note { get; set; }
    public Guid? RevokedCheckInId { get; set; }
    public Guid? ViolationId { get; set; }
    public DateTimeOffset At { get; set; }
    public required string CheckedBy { get; set; }
}

public sealed class Violation
{
    public Guid Id { get; set; }
    public Guid CadreId { get; set; }
    public Guid VillageId { get; set; }
    public required string OrgPath { get; set; }
    public DateOnly Day { get; set; }
    public ViolationKind Kind { get; set; }
    public required string Detail { get; set; }
    public Guid SpotCheckId { get; set; }
    public DateTimeOffset At { get; set; }
}

public static class SpotCheckRules
{
    /// <summary>
    /// What an absent finding means: with a check-in that day, the check-in is revoked and that is
    /// the violation; with neither check-in, leave nor approved errand, it is an absence (脱岗);
    /// a leave or an errand explains the absence.
    /// </summary>
    public static ViolationKind? ViolationFor(bool present, bool hasUnrevokedCheckIn, bool onLeave, bool onErrand)
    {
        if (present) return null;
        if (hasUnrevokedCheckIn) return ViolationKind.CheckInRevoked;
        return onLeave || onErrand ? null : ViolationKind.Absence;
    }
}
