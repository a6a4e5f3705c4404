namespace Party.Members.Domain.RuralDuties;

/// <summary>Public-service posts for no-post members at home (在家无职党员设岗定责, 一编三定).</summary>
public enum PublicServicePost
{
    /// <summary>政策法规宣传.</summary>
    PolicyPublicity,
    /// <summary>致富示范.</summary>
    ProsperityDemonstration,
    /// <summary>矛盾纠纷调解.</summary>
    DisputeMediation,
    /// <summary>环境卫生监督.</summary>
    EnvironmentHygiene,
    /// <summary>社情民意收集.</summary>
    PublicOpinion,
    /// <summary>文体活动.</summary>
    CultureSports,
    /// <summary>便民服务.</summary>
    ConvenienceServices,
}

/// <summary>County settings of the category duties, stored as data with an effective date.</summary>
public sealed class RuralDutySettings
{
    public int Id { get; set; }
    public DateOnly EffectiveFrom { get; set; }
    /// <summary>Most poor households one member pairs with (default 23; at least 1).</summary>
    public int MaxPairedHouseholds { get; set; } = 23;
    /// <summary>Expected interval of a mobile member's thought report (default quarterly).</summary>
    public int ThoughtReportIntervalMonths { get; set; } = 3;
    /// <summary>No thought report for this many months raises the alert (default 6, the lost-contact horizon).</summary>
    public int ThoughtReportAlertMonths { get; set; } = 6;

    public static RuralDutySettings Defaults() => new() { Id = 1, EffectiveFrom = new DateOnly(2000, 1, 1) };
}

/// <summary>A no-post member's post for a year, with duties and paired poor households (1–23).</summary>
public sealed class PostAssignment
{
    public Guid Id { get; set; }
    public Guid MemberId { get; set; }
    public Guid BranchId { get; set; }
    public required string OrgPath { get; set; }
    public int Year { get; set; }
    public PublicServicePost Post { get; set; }
    public required string Duties { get; set; }
    public List<string> PairedHouseholds { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A mobile member's named contact cadre and registration (destination, employer, contact).</summary>
public sealed class MobileMemberContact
{
    public Guid MemberId { get; set; }
    public Guid BranchId { get; set; }
    public required string OrgPath { get; set; }
    public required string ContactCadre { get; set; }
    public string? ContactCadreMobile { get; set; }
    public required string Destination { get; set; }
    public string? Employer { get; set; }
    public string? ContactPhone { get; set; }
    public DateOnly RegisteredOn { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public uint RowVersion { get; set; }
}

/// <summary>A thought report (思想汇报) received from a mobile member.</summary>
public sealed class ThoughtReport
{
    public Guid Id { get; set; }
    public Guid MemberId { get; set; }
    public required string OrgPath { get; set; }
    public DateOnly ReceivedOn { get; set; }
    public required string Summary { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A visit (走访慰问) to an elderly or frail member; due monthly.</summary>
public sealed class VisitRecord
{
    public Guid Id { get; set; }
    public Guid MemberId { get; set; }
    public required string OrgPath { get; set; }
    public DateOnly VisitedOn { get; set; }
    public required string Visitor { get; set; }
    public string? Notes { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public static class RuralDutyRules
{
    public static bool ValidHouseholdCount(int count, int max) => count >= 1 && count <= max;

    /// <summary>
    /// Alert when the last thought report (or, with none, the registration) is at least <paramref name="months"/> months old.
    /// </summary>
    public static bool ThoughtReportOverdue(DateOnly? lastReport, DateOnly registeredOn, DateOnly today, int months) =>
        (lastReport ?? registeredOn) <= today.AddMonths(-months);

    /// <summary>An elderly or frail member is due a visit when none was recorded in the current month.</summary>
    public static bool VisitDue(DateOnly? lastVisit, DateOnly today) =>
        lastVisit is not { } v || v.Year != today.Year || v.Month != today.Month;
}
