using Party.Branches.Domain.Ratings;

namespace Party.Branches.Domain.Policies;

/// <summary>
/// The county's configurable rule parameters (规则参数), stored as data with an effective date so a
/// change next year does not rewrite last year's results. A row with no county is the installation
/// default; a county's own row wins over it from its effective date on.
/// </summary>
public sealed class BranchPolicy
{
    public Guid Id { get; set; }
    public Guid? CountyId { get; set; }
    public DateOnly EffectiveFrom { get; set; }

    // Star thresholds (分类评星): minimum total score for ★5…★2; below the ★2 minimum is ★1.
    public decimal Star5MinScore { get; set; } = 90;
    public decimal Star4MinScore { get; set; } = 80;
    public decimal Star3MinScore { get; set; } = 70;
    public decimal Star2MinScore { get; set; } = 60;
    /// <summary>Optional county quota (default off): at most this share of the county's branches may hold ★5.</summary>
    public decimal? Star5QuotaPercent { get; set; }
    public decimal? Star4QuotaPercent { get; set; }

    // Tariff (per year): party-work funds for ★5/★4 and the share that may reward the secretary.
    public decimal Star5Subsidy { get; set; } = 10_000m;
    public decimal Star4Subsidy { get; set; } = 5_000m;
    public decimal SecretarySharePercent { get; set; } = 20m;

    /// <summary>Village cadre remuneration: this multiple of last year's county rural per-capita net income.</summary>
    public decimal RemunerationIncomeMultiple { get; set; } = 2m;
    /// <summary>Next year's remuneration uplift after a ★5 year with key tasks done.</summary>
    public decimal RemunerationUpliftPercent { get; set; } = 10m;

    /// <summary>Public notice (公示) length in working days (Mon–Fri and the county calendar).</summary>
    public int NoticeWorkingDays { get; set; } = 5;

    public int NewSecretaryMaxAge { get; set; } = 55;
    public int RenominatedSecretaryMaxAge { get; set; } = 65;
    public int ReserveCadreMaxAge { get; set; } = 45;
    public int ReserveCadresPerVillage { get; set; } = 3;

    /// <summary>Every village should admit at least one member aged ≤ this every <see cref="YoungMemberEveryYears"/> years.</summary>
    public int YoungMemberMaxAge { get; set; } = 35;
    public int YoungMemberEveryYears { get; set; } = 2;
    /// <summary>More new members than this in one year marks a village as "clustered" (突击发展) in the three-year table.</summary>
    public int ClusteredYearlyNorm { get; set; } = 3;

    /// <summary>
    /// Retired secretaries' monthly living subsidy by years served. The seeds give no figures, so the
    /// built-in tiers are placeholders for the county to replace (they are data, not code).
    /// </summary>
    public List<Secretaries.RetirementTier> RetirementTiers { get; set; } = [new(5, 200m), new(10, 300m), new(15, 400m), new(20, 500m)];

    public string Reason { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }

    public StarThresholds Thresholds => new(Star5MinScore, Star4MinScore, Star3MinScore, Star2MinScore);
    public StarQuota Quota => new(Star5QuotaPercent, Star4QuotaPercent);
    public SubsidyTariff Tariff => new(Star5Subsidy, Star4Subsidy, SecretarySharePercent);

    /// <summary>The policy in force on <paramref name="day"/> for a county: its own latest row, else the latest default.</summary>
    public static BranchPolicy? InForce(IEnumerable<BranchPolicy> rows, Guid? countyId, DateOnly day)
    {
        var candidates = rows.Where(r => r.EffectiveFrom <= day).ToList();
        return candidates.Where(r => countyId is not null && r.CountyId == countyId).MaxBy(r => r.EffectiveFrom)
            ?? candidates.Where(r => r.CountyId is null).MaxBy(r => r.EffectiveFrom);
    }

    public IEnumerable<(string Field, string Message)> Problems()
    {
        if (!(Star5MinScore > Star4MinScore && Star4MinScore > Star3MinScore && Star3MinScore > Star2MinScore && Star2MinScore > 0
              && Star5MinScore <= 100))
            yield return ("thresholds", "星级分数线必须满足 100 ≥ ★5 > ★4 > ★3 > ★2 > 0。");
        if (Star5QuotaPercent is < 0 or > 100) yield return ("star5QuotaPercent", "五星比例上限须在 0–100 之间。");
        if (Star4QuotaPercent is < 0 or > 100) yield return ("star4QuotaPercent", "四星比例上限须在 0–100 之间。");
        if (Star5Subsidy < 0 || Star4Subsidy < 0) yield return ("subsidy", "补贴金额不能为负数。");
        if (SecretarySharePercent is < 0 or > 100) yield return ("secretarySharePercent", "书记奖励比例须在 0–100 之间。");
        if (RemunerationIncomeMultiple <= 0) yield return ("remunerationIncomeMultiple", "报酬倍数必须大于 0。");
        if (RemunerationUpliftPercent is < 0 or > 100) yield return ("remunerationUpliftPercent", "报酬上浮比例须在 0–100 之间。");
        if (NoticeWorkingDays is < 1 or > 30) yield return ("noticeWorkingDays", "公示天数须在 1–30 个工作日之间。");
        if (NewSecretaryMaxAge is < 18 or > 80 || RenominatedSecretaryMaxAge < NewSecretaryMaxAge)
            yield return ("secretaryMaxAge", "书记任职年龄上限不合理（连任上限不得低于新任上限）。");
        if (ReserveCadreMaxAge is < 18 or > 80 || ReserveCadresPerVillage < 0) yield return ("reserveCadres", "后备干部年龄上限或每村人数不合理。");
        if (!Secretaries.RetirementSubsidy.ValidTiers(RetirementTiers)) yield return ("retirementTiers", "退职生活补贴档次须为不重复的任职年限和非负金额。");
        if (YoungMemberMaxAge is < 18 or > 80 || YoungMemberEveryYears < 1 || ClusteredYearlyNorm < 0)
            yield return ("development", "发展党员预警参数不合理。");
    }

    /// <summary>The built-in defaults of SPEC §4 (effective from 2000-01-01 for every county).</summary>
    public static readonly Guid DefaultId = new("0b5e0000-0000-7000-8000-000000000001");
}
