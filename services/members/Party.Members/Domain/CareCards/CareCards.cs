using Party.Members.Domain.Members;

namespace Party.Members.Domain.CareCards;

/// <summary>County setting for care cards (爱心帮扶卡), stored as data with an effective date.</summary>
public sealed class CareCardSettings
{
    public int Id { get; set; }
    public DateOnly EffectiveFrom { get; set; }
    /// <summary>Points a card is worth per year (default 200).</summary>
    public int PointsPerYear { get; set; } = 200;

    public static CareCardSettings Defaults() => new() { Id = 1, EffectiveFrom = new DateOnly(2000, 1, 1), PointsPerYear = 200 };
}

public enum CareCardStatus { Active, Lapsed }

/// <summary>A needy member's care card for one year, approved by the township; unused points lapse at year end.</summary>
public sealed class CareCard : IMemberRecord
{
    public Guid Id { get; set; }
    public Guid MemberId { get; set; }
    public Guid BranchId { get; set; }
    public required string OrgPath { get; set; }
    public int Year { get; set; }
    public int PointsIssued { get; set; }
    public int Balance { get; set; }
    public int PointsLapsed { get; set; }
    public CareCardStatus Status { get; set; }
    public required string Reason { get; set; }
    public required string ApprovedBy { get; set; }
    public DateOnly ApprovedOn { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LapsedAt { get; set; }
}

/// <summary>An item of a mutual-aid store (党员互助超市), priced in points, with stock.</summary>
public sealed class StoreItem
{
    public Guid Id { get; set; }
    /// <summary>The unit running the store (a township or the county); cards of members below it may redeem here.</summary>
    public Guid OwnerUnitId { get; set; }
    public required string OrgPath { get; set; }
    public required string Name { get; set; }
    public int PricePoints { get; set; }
    public int Stock { get; set; }
    public bool Active { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
    public uint RowVersion { get; set; }
}

/// <summary>One redemption; the client's key makes a retried request return this same row.</summary>
public sealed class Redemption
{
    public Guid Id { get; set; }
    public Guid CardId { get; set; }
    public Guid ItemId { get; set; }
    public required string ItemName { get; set; }
    public int Quantity { get; set; }
    public int Points { get; set; }
    public required string ClientKey { get; set; }
    public required string OrgPath { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
}

public enum RedemptionRefusal { CardLapsed, WrongYear, InsufficientPoints, OutOfStock, ItemInactive }

/// <summary>Pure rules of the care card and the store.</summary>
public static class CareCardRules
{
    public static int Cost(int pricePoints, int quantity) => checked(pricePoints * quantity);

    /// <summary>Why a redemption cannot happen, or null when it can (checked again atomically by the database under concurrency).</summary>
    public static RedemptionRefusal? Check(CareCardStatus status, int cardYear, int currentYear, int balance, bool itemActive, int stock,
        int pricePoints, int quantity)
    {
        if (status == CareCardStatus.Lapsed) return RedemptionRefusal.CardLapsed;
        if (cardYear != currentYear) return RedemptionRefusal.WrongYear;
        if (!itemActive) return RedemptionRefusal.ItemInactive;
        if (stock < quantity) return RedemptionRefusal.OutOfStock;
        if (balance < Cost(pricePoints, quantity)) return RedemptionRefusal.InsufficientPoints;
        return null;
    }

    /// <summary>A card lapses once its year is over.</summary>
    public static bool Lapses(int cardYear, DateOnly today) => today.Year > cardYear;
}
