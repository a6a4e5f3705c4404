namespace Party.Members.Domain.Points;

/// <summary>
/// The county's configurable numbers for points (积分化管理), stored as data with an effective date;
/// the row in force on a date is the one with the latest <see cref="EffectiveFrom"/> not after it.
/// </summary>
public sealed class PointsRules
{
    public int Id { get; set; }
    public DateOnly EffectiveFrom { get; set; }
    /// <summary>优秀 from this annual score.</summary>
    public decimal ExcellentMin { get; set; } = 110;
    /// <summary>合格 from this annual score.</summary>
    public decimal QualifiedMin { get; set; } = 90;
    /// <summary>基本合格 from this annual score; below it 不合格.</summary>
    public decimal BasicallyQualifiedMin { get; set; } = 60;
    /// <summary>Largest share of 优秀 per branch (0.20 = 20%), ties kept; null = no cap.</summary>
    public decimal? ExcellentShareCap { get; set; } = 0.20m;
    /// <summary>How n × share becomes a number of 优秀 (the seeds do not say); default rounded down.</summary>
    public QuotaRounding ExcellentQuotaRounding { get; set; } = QuotaRounding.Floor;
    /// <summary>
    /// 优秀 a branch may always give, whatever the share yields (default 1: a branch of fewer than five party members can
    /// still have one 优秀); 0 = the share alone decides.
    /// </summary>
    public int ExcellentQuotaMinimum { get; set; } = 1;
    /// <summary>Days after the half-year feedback within which a member may appeal (申辩/问询).</summary>
    public int AppealDays { get; set; } = 7;
    /// <summary>Days after a window's closing 15th on which entries for it are still accepted (0 = only on the 15th itself).</summary>
    public int EntryGraceDays { get; set; }
    /// <summary>Deduction per absence without leave from a branch meeting.</summary>
    public decimal AbsenceDeduction { get; set; } = 5;
    public decimal HonorCounty { get; set; } = 5;
    public decimal HonorCity { get; set; } = 8;
    public decimal HonorProvince { get; set; } = 10;
    public decimal HonorNational { get; set; } = 15;
    /// <summary>警告.</summary>
    public decimal WarningDeduction { get; set; } = 10;
    /// <summary>严重警告.</summary>
    public decimal SeriousWarningDeduction { get; set; } = 20;
    /// <summary>Annual score an activist needs (with some contribution) to be flagged priority candidate.</summary>
    public decimal ActivistPriorityMin { get; set; } = 100;
    /// <summary>Contribution proposed when a pledge is accepted as fulfilled (评诺 兑现).</summary>
    public decimal PledgeFulfilled { get; set; } = 5;
    /// <summary>Contribution proposed when a pledge is partly fulfilled.</summary>
    public decimal PledgePartly { get; set; } = 2;
    /// <summary>Deduction proposed when a pledge is not fulfilled.</summary>
    public decimal PledgeNotFulfilled { get; set; } = 5;
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }

    public GradeThresholds Thresholds => new(ExcellentMin, QualifiedMin, BasicallyQualifiedMin);

    public static PointsRules Defaults() => new() { Id = 1, EffectiveFrom = new DateOnly(2000, 1, 1), CreatedAt = DateTimeOffset.UnixEpoch,
        CreatedBy = "system" };

    /// <summary>
    /// Contribution for an honor by level (county 5, city 8, province 10, national 15 by default); null for an unknown level.
    /// </summary>
    public decimal? HonorPoints(string level) => level.ToLowerInvariant() switch
    {
        "county" => HonorCounty,
        "city" => HonorCity,
        "province" => HonorProvince,
        "national" => HonorNational,
        _ => null,
    };

    /// <summary>What a discipline sanction (纪律处分) does to the year's points.</summary>
    public SanctionPointsEffect? SanctionEffectOf(string kind) => kind switch
    {
        "warning" => new SanctionPointsEffect(PointKind.Deduction, WarningDeduction),
        "seriousWarning" => new SanctionPointsEffect(PointKind.Deduction, SeriousWarningDeduction),
        "removalFromPost" or "probationWithinParty" or "expulsion" => new SanctionPointsEffect(PointKind.Veto, 0),
        _ => null,
    };
}

/// <summary>Rounding of the 优秀 quota (n × share): down, half away from zero (四舍五入), or up.</summary>
public enum QuotaRounding { Floor, HalfAwayFromZero, Ceiling }

public sealed record SanctionPointsEffect(PointKind Kind, decimal Points);

public sealed record GradeThresholds(decimal ExcellentMin, decimal QualifiedMin, decimal BasicallyQualifiedMin);
