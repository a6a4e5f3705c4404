using Party.Branches.Domain.Policies;

namespace Party.Branches.Domain.Ratings;

public sealed record StarThresholds(decimal Star5, decimal Star4, decimal Star3, decimal Star2)
{
    /// <summary>Stars from a total score (分类评星): ≥ ★5 minimum → 5, … , below the ★2 minimum → 1.</summary>
    public int StarsFor(decimal score) =>
        score >= Star5 ? 5 : score >= Star4 ? 4 : score >= Star3 ? 3 : score >= Star2 ? 2 : 1;
}

/// <summary>Optional county quota: the largest share of the county's rated branches that may hold ★5 / ★4 (null = no limit).</summary>
public sealed record StarQuota(decimal? Star5Percent, decimal? Star4Percent)
{
    public bool IsOff => Star5Percent is null && Star4Percent is null;

    /// <summary>Branches allowed at a level: the share of all rated branches, rounded down (a ceiling is never exceeded).</summary>
    public static int Allowed(decimal percent, int ratedBranches) => (int)Math.Floor(percent * ratedBranches / 100m);
}

public sealed record RatedBranch(Guid Id, decimal Score, int Stars);

/// <summary>
/// Applies the county quota. Over quota, the lowest-scoring branches of a level drop one star,
/// from ★5 down: branches dropped from ★5 then compete for ★4 under its own quota.
/// Ties are kept, as for 优秀 in members (SPEC §3.3 "ties kept"): the branches within the quota by score
/// keep the level, and so does every branch tied with the last one kept — equals are treated alike and
/// no branch loses a star to another with the same score. The quota may so be exceeded by the tie.
/// </summary>
public static class QuotaAllocator
{
    public static IReadOnlyDictionary<Guid, int> Apply(IReadOnlyList<RatedBranch> branches, StarQuota quota)
    {
        var stars = branches.ToDictionary(b => b.Id, b => b.Stars);
        foreach (var (level, percent) in new[] { (5, quota.Star5Percent), (4, quota.Star4Percent) })
        {
            if (percent is not { } p) continue;
            var allowed = StarQuota.Allowed(p, branches.Count);
            var atLevel = branches.Where(b => stars[b.Id] == level).OrderByDescending(b => b.Score).ToList();
            if (atLevel.Count <= allowed) continue;
            // No place at all keeps nobody; otherwise the score of the last place is the line, and the line is kept.
            var line = allowed == 0 ? decimal.MaxValue : atLevel[allowed - 1].Score;
            foreach (var b in atLevel.Where(b => b.Score < line)) stars[b.Id] = level - 1;
        }
        return stars;
    }
}

/// <summary>The year's tariff: ★5 and ★4 party-work funds and the share that may reward the secretary.</summary>
public sealed record SubsidyTariff(decimal Star5Amount, decimal Star4Amount, decimal SecretarySharePercent)
{
    public decimal AmountFor(int stars) => stars switch { 5 => Star5Amount, 4 => Star4Amount, _ => 0m };

    public decimal SecretaryShareOf(decimal amount) => Money.Round(amount * SecretarySharePercent / 100m);
}

public static class Money
{
    /// <summary>Yuan with 2 decimals, rounded half away from zero (四舍五入).</summary>
    public static decimal Round(decimal yuan) => Math.Round(yuan, 2, MidpointRounding.AwayFromZero);
}

/// <summary>Consequences of a final rating beyond the subsidy (§4.2).</summary>
public static class RatingConsequences
{
    /// <summary>A ★5 year with the key tasks done lifts next year's village cadre remuneration.</summary>
    public static bool NextYearUplift(int stars, bool keyTasksDone) => stars == 5 && keyTasksDone;

    /// <summary>
    /// ★1 in two consecutive years opens a secretary adjustment case; a gap year (no final rating, or a better one) breaks the run.
    /// </summary>
    public static bool NeedsAdjustmentCase(int year, int stars, IReadOnlyDictionary<int, int> finalStarsByYear) =>
        stars == 1 && finalStarsByYear.TryGetValue(year - 1, out var previous) && previous == 1;
}

/// <summary>
/// Public notice (公示) of a rating round: its window follows the one rule of every service (WorkingDays.Notice,
/// by the county calendar replicated from members).
/// </summary>
public static class PublicNotice
{
    /// <summary>The rating may become final from the day after the notice's last day.</summary>
    public static bool IsOver(DateOnly endsOn, DateOnly today) => today > endsOn;
}
