using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.Branches.Tests.Api;

/// <summary>The county ★5 quota keeps a tie at its line, the rule 优秀 follows in members.</summary>
public class QuotaTieTests(ClockedBranchesFactory factory) : IClassFixture<ClockedBranchesFactory>
{
    private static readonly string[] Goods = ["strongLeadership", "membersRole", "collectiveEconomy", "livelihood", "villageGovernance"];

    [Fact]
    public async Task Two_villages_tied_at_the_quota_line_both_keep_five_stars()
    {
        factory.Clock.Set(new DateTimeOffset(2027, 1, 11, 2, 0, 0, TimeSpan.Zero));
        var tree = await factory.NewCountyAsync(1, 5);
        var county = factory.ClientFor(PartyRoles.County, tree.County);
        // ★5 ≤ 20% of 5 villages = 1 place.
        await (await county.PostJsonAsync("/api/branches/policies",
            new { effectiveFrom = "2026-01-01", reason = "县委常委会决定五星比例", quotaEnabled = true, star5QuotaPercent = 20 }))
            .AssertStatusAsync(201);
        decimal[] scores = [95, 95, 92, 80, 50];
        var ratings = new List<Guid>();
        for (var i = 0; i < scores.Length; i++)
        {
            var village = tree.Townships[0].Villages[i];
            var sheet = Goods.ToDictionary(g => g, _ => scores[i] / 5);
            var rating = await (await factory.ClientFor(PartyRoles.Branch, village).PostJsonAsync("/api/branches/ratings",
                new { branchId = village, year = 2026, scores = sheet, summary = "五好自评" })).AssertStatusAsync(201);
            ratings.Add(rating["id"]!.GetValue<Guid>());
            await (await factory.ClientFor(PartyRoles.Township, tree.Townships[0].Id)
                .PostJsonAsync($"/api/branches/ratings/{ratings[^1]}/review",
                    new { scores = sheet, keyTasksDone = true, comment = "乡镇审核" })).AssertStatusAsync(200);
        }

        var approval = await (await county.PostAsync("/api/branches/rating-rounds/2026/approve", null)).AssertStatusAsync(200);
        Assert.Equal(1, approval["quotaDropped"]!.GetValue<int>());
        var stars = new List<int>();
        foreach (var id in ratings)
            stars.Add((await (await county.GetAsync($"/api/branches/ratings/{id}")).AssertStatusAsync(200))["stars"]!.GetValue<int>());
        Assert.Equal([5, 5, 4, 4, 1], stars);
    }
}
