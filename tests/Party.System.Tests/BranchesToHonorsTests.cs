using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.System.Tests;

/// <summary>A star rating finalized in branches (分类评星) reaches honors' 先进基层党组织 eligibility without anyone re-entering it.</summary>
[Collection(SystemCollection.Name)]
public class BranchesToHonorsTests(SystemFixture system)
{
    private const string AdvancedOrganization = "advanced-organization";
    private const string Ratings = "/api/branches/ratings";
    private static readonly TimeSpan Propagation = TimeSpan.FromSeconds(30);
    private static readonly string[] Goods = ["strongLeadership", "membersRole", "collectiveEconomy", "livelihood", "villageGovernance"];

    private static Dictionary<string, decimal> Sheet(decimal total) => Goods.ToDictionary(g => g, _ => total / 5);

    [Fact]
    public async Task
        A_five_star_rating_published_by_branches_makes_the_branch_eligible_for_advanced_organization_and_a_three_star_does_not()
    {
        var tree = await system.CountyAsync("STAR", townships: 2, villagesEach: 2, "honors");
        var county = system.Gateway(PartyRoles.County, tree.County);
        var township = system.Gateway(PartyRoles.Township, tree.Townships[0].Id);
        var (fiveStar, threeStar) = (tree.Townships[0].Villages[0], tree.Townships[0].Villages[1]);
        var year = CrossServiceSupport.Today.Year - 1;

        // Before any rating honors knows of none.
        Assert.Equal(["no_rating"], (await county.EligibilityAsync(AdvancedOrganization, fiveStar, year)).ReasonCodes());

        try
        {
            var ratings = new Dictionary<Guid, Guid>();
            foreach (var (village, score) in new[] { (fiveStar, 95m), (threeStar, 74m) })
            {
                var branch = system.Gateway(PartyRoles.Branch, village);
                var created = await (await branch.PostJsonAsync(Ratings,
                    new { branchId = village, year, scores = Sheet(score), summary = "五好自评" })).AssertStatusAsync(201);
                ratings[village] = created["id"]!.GetValue<Guid>();
                var reviewed = await (await township.PostJsonAsync($"{Ratings}/{ratings[village]}/review",
                    new { scores = Sheet(score), keyTasksDone = true, comment = "乡镇审核" }))
                    .AssertStatusAsync(200);
                Assert.Equal(score, reviewed["score"]!.GetValue<decimal>());
            }

            var approval = await (await county.PostAsync($"/api/branches/rating-rounds/{year}/approve", null)).AssertStatusAsync(200);
            Assert.Equal(2, approval["approved"]!.GetValue<int>());
            var noticeEndsOn = DateOnly.Parse(approval["noticeEndsOn"]!.GetValue<string>());
            Assert.True(noticeEndsOn > CrossServiceSupport.Today, $"the notice ends on {noticeEndsOn}");

            // During the notice nothing is published, so honors still knows of no rating.
            Assert.Equal(0, (await (await county.PostAsync($"/api/branches/rating-rounds/{year}/finalize", null))
                .AssertStatusAsync(200))["published"]!.GetValue<int>());

            // The branches clock moves to the day after the notice.
            await system.SetClockAsync("branches", CrossServiceSupport.DaysUntil(noticeEndsOn.AddDays(1)));
            var finalized = await (await county.PostAsync($"/api/branches/rating-rounds/{year}/finalize", null)).AssertStatusAsync(200);
            Assert.Equal(2, finalized["published"]!.GetValue<int>());
            var stored = await (await county.GetAsync($"{Ratings}/{ratings[fiveStar]}")).AssertStatusAsync(200);
            Assert.Equal(("final", 5), (stored["status"]!.GetValue<string>(), stored["stars"]!.GetValue<int>()));

            // BranchRatingPublished reaches honors: the ★5 branch becomes eligible, the ★3 branch is told why not.
            var eligible = await county.EligibilityBecomesAsync(AdvancedOrganization, fiveStar, year, null, [], Propagation,
                "the ★5 rating in honors");
            Assert.True(eligible["eligible"]!.GetValue<bool>());
            Assert.Equal("第1乡镇第1村党支部", eligible["subjectName"]!.GetValue<string>());
            var refused = await county.EligibilityBecomesAsync(AdvancedOrganization, threeStar, year, null, ["rating_below_minimum"],
                Propagation, "the ★3 rating in honors");
            Assert.False(refused["eligible"]!.GetValue<bool>());
            Assert.Contains($"{year} 年", refused["reasons"]![0]!["detail"]!.GetValue<string>());
            Assert.Contains("3 星", refused["reasons"]![0]!["detail"]!.GetValue<string>());

            // Another township does not learn the branch exists.
            var otherTownship = system.Gateway(PartyRoles.Township, tree.Townships[1].Id);
            await (await otherTownship.GetAsync($"/api/honors/eligibility?type={AdvancedOrganization}&subjectId={fiveStar}&year={year}"))
                .AssertProblemAsync(404, "subjects.not_found");
        }
        finally
        {
            await system.SetClockAsync("branches", 0);
        }
    }
}
