namespace Party.ResidentCadres.Domain.Stars;

public enum NominationStatus { Nominated, Selected }

/// <summary>A star-of-the-month nomination (驻村工作月标兵).</summary>
public sealed class StarNomination
{
    public Guid Id { get; set; }
    public Guid CadreId { get; set; }
    public Guid VillageId { get; set; }
    public Guid TownshipId { get; set; }
    public required string OrgPath { get; set; }
    public int Year { get; set; }
    public int Month { get; set; }
    public required string Reason { get; set; }
    public NominationStatus Status { get; set; }
    public DateTimeOffset NominatedAt { get; set; }
    public DateTimeOffset? SelectedAt { get; set; }
}

public static class StarRules
{
    public static bool Eligible(bool monthClosed, bool compliant, int violations) => monthClosed && compliant && violations == 0;

    public static bool CapAllows(int alreadySelected, int cap) => alreadySelected < cap;
}
