namespace Party.ResidentCadres.Domain.Settings;

/// <summary>
/// A configurable default (tariff or threshold) that takes effect on a local date; the value in
/// force on a day is the one with the latest effective date not after it.
/// </summary>
public sealed class RuleSetting
{
    public required string Key { get; set; }
    public DateOnly EffectiveFrom { get; set; }
    public decimal Value { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
}

public static class RuleKeys
{
    /// <summary>生活补助 yuan per in-village day.</summary>
    public const string LivingPerDay = "stipend.livingPerDay";
    /// <summary>交通补贴 yuan per month.</summary>
    public const string TransportPerMonth = "stipend.transportPerMonth";
    /// <summary>通讯补贴 yuan per month.</summary>
    public const string CommunicationPerMonth = "stipend.communicationPerMonth";
    /// <summary>工作经费 yuan per person per year.</summary>
    public const string WorkFundPerYear = "fund.workPerYear";
    /// <summary>专项经费 yuan per year for county-dispatched first secretaries of registered poor villages.</summary>
    public const string SpecialFundPerYear = "fund.specialPerYear";
    public const string RequiredDaysPerMonth = "attendance.requiredDaysPerMonth";
    public const string GeofenceRadiusMeters = "checkIn.geofenceRadiusMeters";
    public const string MaxSpeedKmh = "checkIn.maxSpeedKmh";
    public const string LeaveTownshipMaxDays = "leave.townshipMaxDays";
    public const string StarsPerMonth = "star.maxPerMonth";
    public const string FullTeamFromHouseholds = "dispatch.fullTeamFromHouseholds";
    public const string WorkTeamFromHouseholds = "dispatch.workTeamFromHouseholds";
    public const string FullTeamAboveIncidencePercent = "dispatch.fullTeamAboveIncidencePercent";
    /// <summary>支付期限: days after county approval by which the finance bureau is to have paid a statement.</summary>
    public const string PaymentTermDays = "payment.termDays";

    public static readonly DateOnly DefaultsFrom = new(2000, 1, 1);

    /// <summary>The defaults of SPEC §5, seeded as data effective from 2000-01-01.</summary>
    public static readonly IReadOnlyDictionary<string, decimal> Defaults = new Dictionary<string, decimal>
    {
        [LivingPerDay] = 100m,
        [TransportPerMonth] = 400m,
        [CommunicationPerMonth] = 100m,
        [WorkFundPerYear] = 10_000m,
        [SpecialFundPerYear] = 50_000m,
        [RequiredDaysPerMonth] = 22m,
        [GeofenceRadiusMeters] = 1_000m,
        [MaxSpeedKmh] = 120m,
        [LeaveTownshipMaxDays] = 3m,
        [StarsPerMonth] = 3m,
        [FullTeamFromHouseholds] = 31m,
        [WorkTeamFromHouseholds] = 11m,
        [FullTeamAboveIncidencePercent] = 20m,
        [PaymentTermDays] = 15m,
    };
}

/// <summary>The effective-dated values of one setting.</summary>
public sealed class EffectiveSchedule
{
    private readonly (DateOnly From, decimal Value)[] _periods;

    public EffectiveSchedule(IEnumerable<(DateOnly From, decimal Value)> periods) =>
        _periods = periods.OrderBy(p => p.From).ToArray();

    public static EffectiveSchedule Constant(decimal value) => new([(RuleKeys.DefaultsFrom, value)]);

    public decimal On(DateOnly day)
    {
        decimal? value = null;
        foreach (var p in _periods)
        {
            if (p.From > day) break;
            value = p.Value;
        }
        return value ?? throw new InvalidOperationException($"no value in force on {day}");
    }
}
