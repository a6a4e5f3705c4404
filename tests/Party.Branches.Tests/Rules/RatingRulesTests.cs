using Party.Branches.Domain.OrgUnits;
using Party.Branches.Domain.Policies;
using Party.Branches.Domain.Ratings;
using Party.ServiceDefaults.Problems;

namespace Party.Branches.Tests.Rules;

public class RatingRulesTests
{
    private static readonly BranchPolicy Defaults = new();

    [Theory]
    [InlineData(100, 5)]
    [InlineData(91, 5)]
    [InlineData(90, 5)]
    [InlineData(89.9, 4)]
    [InlineData(89, 4)]
    [InlineData(81, 4)]
    [InlineData(80, 4)]
    [InlineData(79, 3)]
    [InlineData(71, 3)]
    [InlineData(70, 3)]
    [InlineData(69, 2)]
    [InlineData(61, 2)]
    [InlineData(60, 2)]
    [InlineData(59, 1)]
    [InlineData(0, 1)]
    public void Stars_follow_the_thresholds_at_each_line_and_one_point_either_side(double score, int stars) =>
        Assert.Equal(stars, Defaults.Thresholds.StarsFor((decimal)score));

    [Fact]
    public void Thresholds_come_from_the_policy_not_from_code()
    {
        var strict = new BranchPolicy { Star5MinScore = 95 };
        Assert.Equal(4, strict.Thresholds.StarsFor(94));
        Assert.Equal(5, strict.Thresholds.StarsFor(95));
    }

    private static IReadOnlyDictionary<Guid, int> Allocate(StarQuota quota, params decimal[] scores)
    {
        var branches = scores.Select((s, i) => new RatedBranch(new Guid(i + 1, 0, 0, new byte[8]), s, Defaults.Thresholds.StarsFor(s)))
            .ToList();
        return QuotaAllocator.Apply(branches, quota);
    }

    private static int[] StarsOf(IReadOnlyDictionary<Guid, int> result) => result.OrderBy(r => r.Key).Select(r => r.Value).ToArray();

    [Fact]
    public void Without_a_quota_nothing_moves()
    {
        var result = Allocate(new StarQuota(null, null), 95, 94, 93, 92, 91, 85, 84, 70, 60, 10);
        Assert.Equal([5, 5, 5, 5, 5, 4, 4, 3, 2, 1], StarsOf(result));
    }

    [Fact]
    public void Over_the_five_star_quota_the_lowest_scores_drop_one_star()
    {
        // 10 branches, ★5 ≤ 20% → 2 keep ★5; the other three ★5 candidates become ★4.
        var result = Allocate(new StarQuota(20, null), 99, 98, 97, 96, 95, 85, 84, 70, 60, 10);
        Assert.Equal([5, 5, 4, 4, 4, 4, 4, 3, 2, 1], StarsOf(result));
    }

    [Fact]
    public void Dropped_branches_compete_under_the_four_star_quota_and_drop_again()
    {
        // ★5 ≤ 10% (1 of 10), ★4 ≤ 30% (3 of 10): 99 keeps ★5;
        // 98, 97 drop to ★4 and with 85, 84 make four ★4 → the lowest (84) drops to ★3.
        var result = Allocate(new StarQuota(10, 30), 99, 98, 97, 85, 84, 70, 70, 65, 60, 10);
        Assert.Equal([5, 4, 4, 4, 3, 3, 3, 2, 2, 1], StarsOf(result));
    }

    [Fact]
    public void A_tie_across_the_quota_line_keeps_every_tied_branch()
    {
        // ★5 ≤ 20% of 10 = 2 places; 99 and one 95 fill them, the other 95 ties with the last place kept and keeps ★5 too (as 优秀 does).
        var result = Allocate(new StarQuota(20, null), 99, 95, 95, 92, 80, 70, 70, 65, 60, 10);
        Assert.Equal([5, 5, 5, 4, 4, 3, 3, 2, 2, 1], StarsOf(result));
    }

    [Fact]
    public void Without_a_single_place_a_tie_keeps_nothing()
    {
        // ★5 ≤ 5% of 10 = 0 places.
        var result = Allocate(new StarQuota(5, null), 95, 95, 85, 80, 70, 70, 65, 60, 50, 10);
        Assert.Equal([4, 4, 4, 4, 3, 3, 2, 2, 1, 1], StarsOf(result));
    }

    [Fact]
    public void A_tie_inside_the_quota_keeps_every_tied_branch()
    {
        var result = Allocate(new StarQuota(20, null), 95, 95, 90 - 1, 85, 80, 70, 70, 65, 60, 10);
        Assert.Equal([5, 5, 4, 4, 4, 3, 3, 2, 2, 1], StarsOf(result));
    }

    [Theory]
    [InlineData(10, 30, 3)]
    [InlineData(10, 9, 0)]
    [InlineData(10, 10, 1)]
    [InlineData(40, 31, 12)]
    public void Quota_places_are_the_share_rounded_down(int percent, int branches, int allowed) =>
        Assert.Equal(allowed, StarQuota.Allowed(percent, branches));

    [Theory]
    [InlineData(5, "10000", "2000")]
    [InlineData(4, "5000", "1000")]
    [InlineData(3, "0", "0")]
    [InlineData(1, "0", "0")]
    public void Subsidy_and_secretary_share_follow_the_tariff(int stars, string amount, string share)
    {
        var tariff = Defaults.Tariff;
        var a = tariff.AmountFor(stars);
        Assert.Equal(decimal.Parse(amount), a);
        Assert.Equal(decimal.Parse(share), tariff.SecretaryShareOf(a));
    }

    [Theory]
    [InlineData("3333.33", "12.5", "416.67")]
    [InlineData("1001", "0.5", "5.01")]
    [InlineData("0.01", "50", "0.01")]
    public void The_share_rounds_half_away_from_zero_to_the_fen(string amount, string percent, string share) =>
        Assert.Equal(decimal.Parse(share), new SubsidyTariff(0, 0, decimal.Parse(percent)).SecretaryShareOf(decimal.Parse(amount)));

    [Fact]
    public void A_different_years_tariff_changes_the_amount()
    {
        var tariff = new BranchPolicy { Star5Subsidy = 12_000, Star4Subsidy = 6_000, SecretarySharePercent = 25 }.Tariff;
        Assert.Equal(12_000, tariff.AmountFor(5));
        Assert.Equal(1_500, tariff.SecretaryShareOf(tariff.AmountFor(4)));
    }

    [Theory]
    [InlineData(5, true, true)]
    [InlineData(5, false, false)]
    [InlineData(4, true, false)]
    [InlineData(1, true, false)]
    public void Remuneration_uplift_only_after_a_five_star_year_with_key_tasks_done(int stars, bool keyTasksDone, bool uplift) =>
        Assert.Equal(uplift, RatingConsequences.NextYearUplift(stars, keyTasksDone));

    [Theory]
    [InlineData(2025, 1, "2024:1", true)]
    [InlineData(2025, 1, "2024:2", false)]
    [InlineData(2025, 2, "2024:1", false)]
    [InlineData(2025, 1, "2023:1", false)] // a gap year breaks the run
    [InlineData(2025, 1, "2023:1,2024:3", false)]
    [InlineData(2025, 1, "", false)]
    public void One_star_two_years_running_opens_an_adjustment_case(int year, int stars, string history, bool expected)
    {
        var byYear = history.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(h => h.Split(':'))
            .ToDictionary(h => int.Parse(h[0]), h => int.Parse(h[1]));
        Assert.Equal(expected, RatingConsequences.NeedsAdjustmentCase(year, stars, byYear));
    }

    [Theory]
    [InlineData("2026-12-14", false)]
    [InlineData("2026-12-15", true)]
    public void Notice_is_over_only_after_its_last_day(string today, bool over) =>
        Assert.Equal(over, PublicNotice.IsOver(new DateOnly(2026, 12, 14), DateOnly.Parse(today)));

    [Fact]
    public void The_rural_template_is_the_five_goods_at_twenty_points_each()
    {
        var rural = RatingTemplate.Defaults().Single(t => t.Domain == OrgDomain.RuralVillage);
        Assert.Equal(5, rural.Dimensions.Count);
        Assert.All(rural.Dimensions, d => Assert.Equal(20, d.MaxPoints));
        Assert.Equal(Enum.GetValues<OrgDomain>().Length, RatingTemplate.Defaults().Select(t => t.Domain).Distinct().Count());
        Assert.All(RatingTemplate.Defaults(), t => Assert.Empty(RatingTemplate.Problems(t.Dimensions)));
    }

    [Fact]
    public void A_score_sheet_is_checked_against_the_template()
    {
        var rural = RatingTemplate.Defaults().Single(t => t.Domain == OrgDomain.RuralVillage);
        var full = rural.Dimensions.ToDictionary(d => d.Key, _ => 18.5m);
        Assert.Equal(92.5m, rural.Total(full, "scores"));
        var bad = new Dictionary<string, decimal>(full) { ["strongLeadership"] = 21, ["unknown"] = 1 };
        bad.Remove("livelihood");
        var e = Assert.Throws<DomainException>(() => rural.Total(bad, "scores"));
        Assert.Equal("validation.failed", e.Code);
        Assert.Equal(3, e.Errors!.Count);
    }

    [Fact]
    public void A_template_needs_five_dimensions_summing_to_one_hundred()
    {
        Assert.NotEmpty(RatingTemplate.Problems([new("a", "A", 50), new("b", "B", 50)]));
        Assert.NotEmpty(RatingTemplate.Problems([new("a", "A", 20), new("b", "B", 20), new("c", "C", 20), new("d", "D", 20),
            new("e", "E", 19)]));
        Assert.NotEmpty(RatingTemplate.Problems([new("a", "A", 20), new("a", "B", 20), new("c", "C", 20), new("d", "D", 20),
            new("e", "E", 20)]));
        Assert.Empty(RatingTemplate.Problems([new("a", "A", 30), new("b", "B", 10), new("c", "C", 20), new("d", "D", 20),
            new("e", "E", 20)]));
    }

    [Fact]
    public void A_county_policy_wins_over_the_default_from_its_effective_date()
    {
        var county = Guid.NewGuid();
        var rows = new[]
        {
            new BranchPolicy { EffectiveFrom = new DateOnly(2000, 1, 1) },
            new BranchPolicy { CountyId = county, EffectiveFrom = new DateOnly(2026, 1, 1), Star5Subsidy = 12_000 },
            new BranchPolicy { CountyId = Guid.NewGuid(), EffectiveFrom = new DateOnly(2020, 1, 1), Star5Subsidy = 1 },
        };
        Assert.Equal(10_000, BranchPolicy.InForce(rows, county, new DateOnly(2025, 12, 31))!.Star5Subsidy);
        Assert.Equal(12_000, BranchPolicy.InForce(rows, county, new DateOnly(2026, 1, 1))!.Star5Subsidy);
        Assert.Equal(10_000, BranchPolicy.InForce(rows, Guid.NewGuid(), new DateOnly(2026, 6, 1))!.Star5Subsidy);
    }
}
