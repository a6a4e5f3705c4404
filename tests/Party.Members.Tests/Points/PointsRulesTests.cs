using Party.Members.Domain.Points;

namespace Party.Members.Tests.Points;

public class PointsRulesTests
{
    private static readonly GradeThresholds Defaults = PointsRules.Defaults().Thresholds;

    [Theory]
    // entry date, today, accepted?  — the window [15th last month, 15th this month) is registered on the closing 15th.
    [InlineData("2026-03-14", "2026-03-15", null)]      // 14th: last day of the window, registered on the 15th
    [InlineData("2026-03-14", "2026-03-16", "Closed")]  // the 16th: that window is closed
    [InlineData("2026-03-15", "2026-03-16", null)]      // the 15th opens the next window
    [InlineData("2026-03-15", "2026-04-15", null)]      // ... which is registered on April 15th
    [InlineData("2026-03-15", "2026-04-16", "Closed")]
    [InlineData("2026-03-16", "2026-04-15", null)]
    [InlineData("2026-02-15", "2026-03-15", null)]
    [InlineData("2026-02-14", "2026-03-15", "Closed")]
    [InlineData("2026-03-20", "2026-03-19", "Future")]
    [InlineData("2025-12-20", "2026-01-15", null)]      // December → January: window [Dec 15, Jan 15)
    [InlineData("2025-12-20", "2026-01-16", "Closed")]
    [InlineData("2026-01-10", "2026-01-15", null)]      // January days before the 15th are in the December window
    [InlineData("2025-12-14", "2026-01-14", "Closed")]  // ... while Dec 14 was in the November window, closed Dec 15
    [InlineData("2025-12-14", "2025-12-15", null)]
    public void Entry_window_edges(string entry, string today, string? refusal)
    {
        var result = DeclarationWindow.Check(DateOnly.Parse(entry), DateOnly.Parse(today), graceDays: 0);
        Assert.Equal(refusal, result?.ToString());
    }

    [Theory]
    [InlineData("2026-01-10", "2025-12-15", "2026-01-15")]
    [InlineData("2026-01-15", "2026-01-15", "2026-02-15")]
    [InlineData("2025-12-15", "2025-12-15", "2026-01-15")]
    [InlineData("2025-12-14", "2025-11-15", "2025-12-15")]
    [InlineData("2026-03-01", "2026-02-15", "2026-03-15")]
    public void Window_of_a_date(string date, string start, string end)
    {
        var w = DeclarationWindow.For(DateOnly.Parse(date));
        Assert.Equal(DateOnly.Parse(start), w.Start);
        Assert.Equal(DateOnly.Parse(end), w.End);
    }

    [Theory]
    [InlineData("2026-03-14", "2026-03-17", 2, null)]
    [InlineData("2026-03-14", "2026-03-18", 2, "Closed")]
    public void Grace_days_extend_the_registration(string entry, string today, int grace, string? refusal) =>
        Assert.Equal(refusal, DeclarationWindow.Check(DateOnly.Parse(entry), DateOnly.Parse(today), grace)?.ToString());

    [Theory]
    [InlineData(25, true, 25)]
    [InlineData(25, false, 0)]
    [InlineData(40, true, 40)]
    public void Base_item_is_all_or_nothing(decimal points, bool met, decimal expected) =>
        Assert.Equal(expected, AnnualAssessmentRules.BaseItemScore(points, met));

    public static TheoryData<string, ScoredEntry[], decimal, decimal, decimal, bool, decimal> Scores => new()
    {
        { "all four base items", Base(4), 100, 0, 0, false, 100 },
        { "three base items met, one not", Base(3), 75, 0, 0, false, 75 },
        { "a base item entered twice counts once", [.. Base(4), new ScoredEntry("B1", PointKind.Base, 25)], 100, 0, 0, false, 100 },
        { "contribution and deduction", [.. Base(4), C("C1", 8), C("C1", 4), D("D1", 5)], 100, 12, 5, false, 107 },
        { "contribution cap per year", [.. Base(4), C("C1", 8, cap: 10), C("C1", 8, cap: 10), C("C2", 3)], 100, 13, 0, false, 113 },
        { "deduction cap per year", [.. Base(2), D("D1", 30, cap: 40), D("D1", 30, cap: 40)], 50, 0, 40, false, 10 },
        { "floor at zero", [.. Base(1), D("D1", 30), D("D2", 20)], 25, 0, 50, false, 0 },
        { "veto gives zero", [.. Base(4), C("C1", 15), new ScoredEntry("V1", PointKind.Veto, 0)], 100, 15, 0, true, 0 },
        { "a reversed honor cancels its contribution", [.. Base(4), C("HONOR", 8), C("HONOR", -8)], 100, 0, 0, false, 100 },
        { "nothing approved", [], 0, 0, 0, false, 0 },
        // County corrections (县级更正) change the outcome of every kind.
        { "a base item corrected to not met", [.. Base(4), Fix("B1", PointKind.Base, -25)], 75, 0, 0, false, 75 },
        { "a base item corrected away and back", [.. Base(4), Fix("B1", PointKind.Base, -25), Fix("B1", PointKind.Base, 25)], 100, 0, 0,
            false, 100 },
        { "a contribution corrected down", [.. Base(4), C("C2", 10), Fix("C2", PointKind.Contribution, -6)], 100, 4, 0, false, 104 },
        { "a deduction corrected away", [.. Base(4), D("D2", 30), Fix("D2", PointKind.Deduction, -30)], 100, 0, 0, false, 100 },
        { "a deduction added by the county", [.. Base(4), Fix("D1", PointKind.Deduction, 20)], 100, 0, 20, false, 80 },
        { "a veto lifted", [.. Base(4), new ScoredEntry("V1", PointKind.Veto, 0), Fix("V1", PointKind.Veto, -1)], 100, 0, 0, false, 100 },
        { "a veto lifted on one item stands on another",
            [.. Base(4), new ScoredEntry("V1", PointKind.Veto, 0), new ScoredEntry("V2", PointKind.Veto, 0), Fix("V1", PointKind.Veto, -1)],
            100, 0, 0, true, 0 },
        { "a veto imposed by the county", [.. Base(4), Fix("V1", PointKind.Veto, 1)], 100, 0, 0, true, 0 },
    };

    [Theory]
    [MemberData(nameof(Scores))]
    public void Annual_score(string _, ScoredEntry[] entries, decimal @base, decimal contribution, decimal deduction, bool vetoed,
        decimal score)
    {
        var result = AnnualAssessmentRules.Compute(entries);
        Assert.Equal(new AnnualScore(@base, contribution, deduction, vetoed, score), result);
    }

    [Theory]
    [InlineData(111, false, Grade.Excellent)]
    [InlineData(110, false, Grade.Excellent)]
    [InlineData(109, false, Grade.Qualified)]
    [InlineData(109.5, false, Grade.Qualified)]
    [InlineData(91, false, Grade.Qualified)]
    [InlineData(90, false, Grade.Qualified)]
    [InlineData(89, false, Grade.BasicallyQualified)]
    [InlineData(61, false, Grade.BasicallyQualified)]
    [InlineData(60, false, Grade.BasicallyQualified)]
    [InlineData(59, false, Grade.Unqualified)]
    [InlineData(0, false, Grade.Unqualified)]
    [InlineData(0, true, Grade.Unqualified)]
    [InlineData(150, true, Grade.Unqualified)]
    public void Grade_thresholds(decimal score, bool vetoed, Grade expected) =>
        Assert.Equal(expected, AnnualAssessmentRules.Classify(score, vetoed, Defaults));

    [Fact]
    public void Thresholds_come_from_the_rules_row()
    {
        var stricter = new GradeThresholds(120, 95, 70);
        Assert.Equal(Grade.Qualified, AnnualAssessmentRules.Classify(115, false, stricter));
        Assert.Equal(Grade.Unqualified, AnnualAssessmentRules.Classify(65, false, stricter));
    }

    [Theory]
    [InlineData(10, 0.2, 2)]
    [InlineData(9, 0.2, 1)]
    [InlineData(5, 0.2, 1)]
    [InlineData(4, 0.2, 0)]
    [InlineData(100, 0.2, 20)]
    public void Excellent_quota_rounds_down(int members, decimal share, int quota) =>
        Assert.Equal(quota, AnnualAssessmentRules.ExcellentQuota(members, share));

    /// <summary>Branches of 1–6 graded party members at 20%, under each rounding and minimum the county may set.</summary>
    public static TheoryData<QuotaRounding, int, int[]> SmallBranchQuotas => new()
    {
        // The default: rounded down, at least one — a branch of fewer than five can still give one 优秀.
        { QuotaRounding.Floor, 1, [1, 1, 1, 1, 1, 1] },
        // The share alone, as before the setting existed: no 优秀 at all below five.
        { QuotaRounding.Floor, 0, [0, 0, 0, 0, 1, 1] },
        { QuotaRounding.HalfAwayFromZero, 0, [0, 0, 1, 1, 1, 1] },
        { QuotaRounding.Ceiling, 0, [1, 1, 1, 1, 1, 2] },
        { QuotaRounding.Ceiling, 2, [2, 2, 2, 2, 2, 2] },
    };

    [Theory, MemberData(nameof(SmallBranchQuotas))]
    public void Excellent_quota_of_small_branches(QuotaRounding rounding, int minimum, int[] quotaForOneToSix) =>
        Assert.Equal(quotaForOneToSix,
            Enumerable.Range(1, 6).Select(n => AnnualAssessmentRules.ExcellentQuota(n, 0.2m, rounding, minimum)).ToArray());

    [Theory]
    [InlineData("Full", true)]
    [InlineData("Probationary", true)]
    [InlineData("Candidate", false)]
    [InlineData("Activist", false)]
    public void Only_party_members_count_for_the_excellent_share(string stage, bool counts) =>
        Assert.Equal(counts, AnnualAssessmentRules.CountsForExcellentShare(stage));

    public static TheoryData<string, decimal[], decimal?, int[]> Caps => new()
    {
        // scores of a 10-member branch (quota 2 at 20%); which indexes lose 优秀
        { "under quota", [120, 112, 100, 95, 90, 90, 90, 90, 90, 90], 0.2m, [] },
        { "over quota, lowest excellent drops", [120, 115, 111, 100, 95, 90, 90, 90, 90, 90], 0.2m, [2] },
        { "tie at the quota line is kept", [120, 115, 115, 111, 95, 90, 90, 90, 90, 90], 0.2m, [3] },
        { "tie at the top keeps all tied", [115, 115, 115, 115, 95, 90, 90, 90, 90, 90], 0.2m, [] },
        { "no cap configured", [120, 115, 115, 111, 112, 110, 90, 90, 90, 90], null, [] },
        { "share of 10%", [120, 115, 111, 100, 95, 90, 90, 90, 90, 90], 0.1m, [1, 2] },
    };

    [Theory]
    [MemberData(nameof(Caps))]
    public void Excellent_share_cap_keeps_ties(string _, decimal[] scores, decimal? share, int[] demoted)
    {
        var branch = scores.Select((s, i) => (i, s, AnnualAssessmentRules.Classify(s, false, Defaults))).ToList();
        var lost = AnnualAssessmentRules.ExcellentCapped<int>(branch, share);
        Assert.Equal(demoted.OrderBy(x => x), lost.OrderBy(x => x));
    }

    [Theory]
    [InlineData(Grade.Excellent, false, "full", 120, 0, null, new FollowUpKind[0])]
    [InlineData(Grade.Qualified, false, "full", 95, 0, null, new FollowUpKind[0])]
    [InlineData(Grade.BasicallyQualified, false, "full", 70, 0, null, new[] { FollowUpKind.MentorTalk })]
    [InlineData(Grade.Unqualified, false, "full", 30, 0, null, new[] { FollowUpKind.HandlingCase })]
    [InlineData(Grade.Unqualified, false, "probationary", 30, 0, null,
        new[] { FollowUpKind.HandlingCase, FollowUpKind.ProbationExtension })]
    [InlineData(Grade.Unqualified, true, "probationary", 0, 0, null,
        new[] { FollowUpKind.HandlingCase, FollowUpKind.ProbationCancellation })]
    [InlineData(Grade.Qualified, false, "probationary", 95, 0, null, new FollowUpKind[0])]
    [InlineData(Grade.Qualified, false, "activist", 100, 5, null, new[] { FollowUpKind.ActivistPriority })]
    [InlineData(Grade.Qualified, false, "activist", 99, 5, null, new FollowUpKind[0])]
    [InlineData(Grade.Qualified, false, "activist", 105, 0, null, new FollowUpKind[0])]
    [InlineData(Grade.Unqualified, false, "activist", 50, 0, Grade.Unqualified,
        new[] { FollowUpKind.HandlingCase, FollowUpKind.ActivistCancellation })]
    [InlineData(Grade.Unqualified, false, "activist", 50, 0, Grade.Qualified, new[] { FollowUpKind.HandlingCase })]
    [InlineData(Grade.Unqualified, false, "activist", 50, 0, null, new[] { FollowUpKind.HandlingCase })]
    [InlineData(Grade.Unqualified, true, "activist", 0, 10, null, new[] { FollowUpKind.HandlingCase, FollowUpKind.ActivistCancellation })]
    public void Use_of_the_grade(Grade grade, bool vetoed, string stage, decimal score, decimal contribution, Grade? previous,
        FollowUpKind[] expected) =>
        Assert.Equal(expected, AnnualAssessmentRules.FollowUps(grade, vetoed, stage, score, contribution, previous, 100));

    [Theory]
    [InlineData("2026-07-20", "2026-07-20", true)]
    [InlineData("2026-07-20", "2026-07-26", true)]
    [InlineData("2026-07-20", "2026-07-27", true)]   // the 7th day after feedback
    [InlineData("2026-07-20", "2026-07-28", false)]  // the 8th day
    [InlineData("2026-07-20", "2026-07-19", false)]  // before feedback was sent
    [InlineData("2026-12-28", "2027-01-04", true)]
    [InlineData("2026-12-28", "2027-01-05", false)]
    public void Appeal_deadline_is_seven_days(string sent, string today, bool allowed) =>
        Assert.Equal(allowed, AppealRules.MayAppeal(DateOnly.Parse(sent), DateOnly.Parse(today), 7));

    [Theory]
    [InlineData("county", 5)]
    [InlineData("city", 8)]
    [InlineData("province", 10)]
    [InlineData("national", 15)]
    [InlineData("village", null)]
    public void Honor_contribution_by_level(string level, int? points) =>
        Assert.Equal(points, (int?)PointsRules.Defaults().HonorPoints(level));

    [Theory]
    [InlineData("warning", PointKind.Deduction, 10)]
    [InlineData("seriousWarning", PointKind.Deduction, 20)]
    [InlineData("removalFromPost", PointKind.Veto, 0)]
    [InlineData("probationWithinParty", PointKind.Veto, 0)]
    [InlineData("expulsion", PointKind.Veto, 0)]
    public void Sanction_effects(string kind, PointKind effect, decimal points) =>
        Assert.Equal(new SanctionPointsEffect(effect, points), PointsRules.Defaults().SanctionEffectOf(kind));

    [Theory]
    [InlineData("RuralVillage", TemplateDomain.RuralCommunity)]
    [InlineData("Community", TemplateDomain.RuralCommunity)]
    [InlineData("GovernmentOrgan", TemplateDomain.OrganInstitution)]
    [InlineData("PublicInstitution", TemplateDomain.OrganInstitution)]
    [InlineData("StateOwnedEnterprise", TemplateDomain.StateOwnedEnterprise)]
    [InlineData("NonPublicEnterprise", TemplateDomain.TwoNew)]
    [InlineData("SocialOrganization", TemplateDomain.TwoNew)]
    [InlineData("School", TemplateDomain.School)]
    public void Template_group_of_a_domain(string domain, TemplateDomain expected) =>
        Assert.Equal(expected, PointsNames.TemplateDomainOf(domain));

    private static ScoredEntry[] Base(int met) =>
        Enumerable.Range(1, met).Select(i => new ScoredEntry($"B{i}", PointKind.Base, 25)).ToArray();
    private static ScoredEntry C(string code, decimal p, decimal? cap = null) => new(code, PointKind.Contribution, p, cap);
    private static ScoredEntry D(string code, decimal p, decimal? cap = null) => new(code, PointKind.Deduction, p, cap);
    private static ScoredEntry Fix(string code, PointKind kind, decimal p) => new(code, kind, p, IsCorrection: true);
}
