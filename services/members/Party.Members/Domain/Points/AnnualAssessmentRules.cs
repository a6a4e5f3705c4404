namespace Party.Members.Domain.Points;

/// <summary>
/// One approved entry as the year-end calculation sees it. A county correction (<paramref name="IsCorrection"/>) is an adjustment
/// of its item: for a base item ± the item's points (not met / met again), for a veto item −1 (lifted) or +1 (imposed).
/// </summary>
public sealed record ScoredEntry(string ItemCode, PointKind Kind, decimal Points, decimal? CapPerYear = null, bool IsCorrection = false);

public sealed record AnnualScore(decimal Base, decimal Contribution, decimal Deduction, bool Vetoed, decimal Score);

/// <summary>
/// Year-end rules (年度积分 = 基础积分 + 贡献加分 − 违规扣分). This is the reference the set-based close
/// (<c>YearEndClose</c>) implements in SQL; both are tested against the same SPEC cases.
/// </summary>
public static class AnnualAssessmentRules
{
    /// <summary>A base item is all or nothing: met → its full points, otherwise 0.</summary>
    public static decimal BaseItemScore(decimal itemPoints, bool met) => met ? itemPoints : 0;

    /// <summary>A year's total for one item, held to its optional yearly cap.</summary>
    public static decimal Capped(decimal total, decimal? capPerYear) => capPerYear is { } cap && total > cap ? cap : total;

    public static AnnualScore Compute(IEnumerable<ScoredEntry> approved)
    {
        var entries = approved.ToList();
        var vetoed = entries.Where(e => e.Kind == PointKind.Veto).GroupBy(e => e.ItemCode).Any(g => VetoWeight(g) > 0);
        // Each base item counts once, at its full points, however many entries say it was met; corrections can take it back.
        var baseScore = entries.Where(e => e.Kind == PointKind.Base)
            .GroupBy(e => e.ItemCode)
            .Sum(g => BaseItemPoints(g) is var points && points > 0 ? BaseItemScore(points, met: g.Sum(e => e.Points) >= points) : 0);
        var contribution = SumCapped(entries, PointKind.Contribution);
        var deduction = SumCapped(entries, PointKind.Deduction);
        var score = vetoed ? 0 : Math.Max(0, baseScore + contribution - deduction);
        return new AnnualScore(baseScore, contribution, deduction, vetoed, score);
    }

    /// <summary>The points a base item is worth: those of its registered (not correcting) entries.</summary>
    public static decimal BaseItemPoints(IEnumerable<ScoredEntry> item) => item.Where(e => !e.IsCorrection).Select(e => e.Points)
        .DefaultIfEmpty(0).Max();

    /// <summary>How many times a veto item stands: each approved entry once, each correction by its ±1; vetoed while above 0.</summary>
    public static decimal VetoWeight(IEnumerable<ScoredEntry> item) => item.Sum(e => e.IsCorrection ? e.Points : 1);

    private static decimal SumCapped(List<ScoredEntry> entries, PointKind kind) =>
        entries.Where(e => e.Kind == kind).GroupBy(e => e.ItemCode)
            // Reversals (negative entries) may bring an item below zero only down to zero.
            .Sum(g => Math.Max(0, Capped(g.Sum(e => e.Points), g.First().CapPerYear)));

    /// <summary>Grade from the thresholds; a veto is always 不合格.</summary>
    public static Grade Classify(decimal score, bool vetoed, GradeThresholds t) =>
        vetoed ? Grade.Unqualified
        : score >= t.ExcellentMin ? Grade.Excellent
        : score >= t.QualifiedMin ? Grade.Qualified
        : score >= t.BasicallyQualifiedMin ? Grade.BasicallyQualified
        : Grade.Unqualified;

    /// <summary>
    /// How many 优秀 a branch of <paramref name="partyMembers"/> graded party members may have under the share cap: n × share
    /// rounded as the county set, but never fewer than <paramref name="minimum"/>.
    /// </summary>
    public static int ExcellentQuota(int partyMembers, decimal share, QuotaRounding rounding = QuotaRounding.Floor, int minimum = 0)
    {
        var exact = partyMembers * share;
        var rounded = rounding switch
        {
            QuotaRounding.Ceiling => Math.Ceiling(exact),
            QuotaRounding.HalfAwayFromZero => Math.Round(exact, MidpointRounding.AwayFromZero),
            _ => Math.Floor(exact),
        };
        return Math.Max(minimum, (int)rounded);
    }

    /// <summary>Stages the 优秀 share is counted over: party members (预备党员, 正式党员). Activists and candidates are graded by the
    /// thresholds alone — their grade serves their development (§3.2), not the branch's 优秀 quota.</summary>
    public static bool CountsForExcellentShare(string stage) => stage is "Probationary" or "Full" or "probationary" or "full";

    /// <summary>
    /// Applies the optional 优秀 share cap within one branch's graded party members: the highest scores keep 优秀 up to the
    /// quota, and everyone tied with the last one kept keeps it too; the rest become 合格.
    /// Returns the ids that lost 优秀.
    /// </summary>
    public static IReadOnlySet<T> ExcellentCapped<T>(IReadOnlyList<(T Id, decimal Score, Grade Grade)> branch, decimal? share,
        QuotaRounding rounding = QuotaRounding.Floor, int minimum = 0) where T : notnull
    {
        if (share is null) return new HashSet<T>();
        var quota = ExcellentQuota(branch.Count, share.Value, rounding, minimum);
        var excellent = branch.Where(m => m.Grade == Grade.Excellent).OrderByDescending(m => m.Score).ToList();
        if (excellent.Count <= quota) return new HashSet<T>();
        // rank() semantics: a member keeps 优秀 when fewer than `quota` members score strictly higher.
        return excellent.Where(m => excellent.Count(o => o.Score > m.Score) >= quota).Select(m => m.Id).ToHashSet();
    }

    /// <summary>Follow-ups of "use of the grade" (结果运用) for one member.</summary>
    public static IReadOnlyList<FollowUpKind> FollowUps(Grade grade, bool vetoed, string stage, decimal score, decimal contribution,
        Grade? previousYearGrade, decimal activistPriorityMin)
    {
        var result = new List<FollowUpKind>();
        if (grade == Grade.BasicallyQualified) result.Add(FollowUpKind.MentorTalk);
        if (grade == Grade.Unqualified) result.Add(FollowUpKind.HandlingCase);
        switch (stage)
        {
            case "probationary":
                if (vetoed) result.Add(FollowUpKind.ProbationCancellation);
                else if (grade == Grade.Unqualified) result.Add(FollowUpKind.ProbationExtension);
                break;
            case "activist":
                if (vetoed || (grade == Grade.Unqualified
                    && previousYearGrade == Grade.Unqualified)) result.Add(FollowUpKind.ActivistCancellation);
                else if (score >= activistPriorityMin && contribution > 0) result.Add(FollowUpKind.ActivistPriority);
                break;
        }
        return result;
    }
}

/// <summary>Half-year feedback (半年反馈): a member may appeal (申辩/问询) within a number of days after it was sent.</summary>
public static class AppealRules
{
    public static DateOnly Deadline(DateOnly feedbackSentOn, int appealDays) => feedbackSentOn.AddDays(appealDays);

    public static bool MayAppeal(DateOnly feedbackSentOn, DateOnly today, int appealDays) =>
        today >= feedbackSentOn && today <= Deadline(feedbackSentOn, appealDays);

    /// <summary>First and last day of half <paramref name="half"/> (1 = Jan–Jun, 2 = Jul–Dec).</summary>
    public static (DateOnly From, DateOnly To) HalfRange(int year, int half) =>
        half == 1 ? (new DateOnly(year, 1, 1), new DateOnly(year, 6, 30)) : (new DateOnly(year, 7, 1), new DateOnly(year, 12, 31));
}
