using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.Branches.Tests.Api;

public class VillageWorkTests(ClockedBranchesFactory factory) : IClassFixture<ClockedBranchesFactory>
{
    private static object Score(Guid branch, decimal each) => new
    {
        branchId = branch, organization = each, team = each, system = each, activities = each, premises = each, guarantees = each,
    };

    [Fact]
    public async Task Monthly_observation_ranks_one_township_and_classes_by_thirds()
    {
        factory.Clock.Set(new DateTimeOffset(2026, 6, 20, 2, 0, 0, TimeSpan.Zero));
        var tree = await factory.NewCountyAsync(2, 6);
        var county = factory.ClientFor(PartyRoles.County, tree.County);
        var v = tree.Townships[0].Villages;

        var result = await (await county.PostJsonAsync("/api/branches/observations", new
        {
            townshipId = tree.Townships[0].Id, year = 2026, month = 6,
            scores = new[] { Score(v[0], 9), Score(v[1], 8), Score(v[2], 8), Score(v[3], 7), Score(v[4], 6), Score(v[5], 5) },
        })).AssertStatusAsync(200);
        var ranking = result["ranking"]!.AsArray();
        Assert.Equal(v[0], ranking[0]!["branchId"]!.GetValue<Guid>());
        Assert.Equal(54m, ranking[0]!["total"]!.GetValue<decimal>());
        Assert.Equal([1, 2, 2, 4, 5, 6], ranking.Select(r => r!["rank"]!.GetValue<int>()).ToArray());
        Assert.Equal([1, 1, 2, 2, 3, 3], ranking.Select(r => r!["class"]!.GetValue<int>()).ToArray());

        // One township a month: the other township cannot be observed in June too.
        await (await county.PostJsonAsync("/api/branches/observations",
            new { townshipId = tree.Townships[1].Id, year = 2026, month = 6, scores = new[] { Score(tree.Townships[1].Villages[0], 5) } }))
            .AssertProblemAsync(409, "observations.month_taken");
        await (await county.PostJsonAsync("/api/branches/observations",
            new { townshipId = tree.Townships[1].Id, year = 2026, month = 7, scores = new[] { Score(tree.Townships[1].Villages[0], 11) } }))
            .AssertProblemAsync(400, "validation.failed");
        await (await county.PostJsonAsync("/api/branches/observations",
            new { townshipId = tree.Townships[1].Id, year = 2026, month = 5, scores = new[] { Score(v[0], 5) } }))
            .AssertProblemAsync(404, "observations.branch.not_found");

        await (await factory.ClientFor(PartyRoles.Township, tree.Townships[1].Id).GetAsync("/api/branches/observations/2026/6"))
            .AssertProblemAsync(404, "observations.not_found");
        Assert.Equal(6,
            (await (await factory.ClientFor(PartyRoles.Township, tree.Townships[0].Id).GetAsync("/api/branches/observations/2026/6"))
                .AssertStatusAsync(200))["ranking"]!.AsArray().Count);
    }

    [Fact]
    public async Task Rural_demonstration_sites_are_capped_at_two_per_township_and_county_minimums_are_reported()
    {
        factory.Clock.Set(new DateTimeOffset(2026, 6, 20, 2, 0, 0, TimeSpan.Zero));
        var tree = await factory.NewCountyAsync(2, 3);
        var county = factory.ClientFor(PartyRoles.County, tree.County);
        var v = tree.Townships[0].Villages;
        await (await county.PostJsonAsync("/api/branches/demonstration-sites", new { branchId = v[0], year = 2026, reason = "阵地建设标准化" }))
            .AssertStatusAsync(201);
        await (await county.PostJsonAsync("/api/branches/demonstration-sites", new { branchId = v[0], year = 2026, reason = "重复" }))
            .AssertProblemAsync(409, "demonstration_sites.exists");
        await (await county.PostJsonAsync("/api/branches/demonstration-sites", new { branchId = v[1], year = 2026, reason = "集体经济强" }))
            .AssertStatusAsync(201);
        await (await county.PostJsonAsync("/api/branches/demonstration-sites", new { branchId = v[2], year = 2026, reason = "第三个" }))
            .AssertProblemAsync(409, "demonstration_sites.rural_quota_full");
        await (await county.PostJsonAsync("/api/branches/demonstration-sites",
            new { branchId = tree.Townships[1].Villages[0], year = 2026, reason = "另一乡镇" })).AssertStatusAsync(201);
        await (await county.PostJsonAsync("/api/branches/demonstration-sites", new { branchId = v[2], year = 2027, reason = "下一年" }))
            .AssertStatusAsync(201);

        var organ = await new OrgTreeClient(county)
            .CreateAsync("O" + Guid.NewGuid().ToString("N")[..8], "县直机关党支部", "branch", "governmentOrgan", tree.County);
        await (await county.PostJsonAsync("/api/branches/demonstration-sites", new { branchId = organ, year = 2026, reason = "机关示范" }))
            .AssertStatusAsync(201);
        var quota = await (await county.GetAsync("/api/branches/demonstration-sites/quota?year=2026")).AssertStatusAsync(200);
        var rows = quota.AsArray().ToDictionary(r => r!["group"]!.GetValue<string>());
        Assert.Equal(3, rows["rural"]!["sites"]!.GetValue<int>());
        Assert.Equal(1, rows["governmentOrgan"]!["sites"]!.GetValue<int>());
        Assert.Equal(8, rows["governmentOrgan"]!["countyMinimum"]!.GetValue<int>());
        Assert.False(rows["governmentOrgan"]!["met"]!.GetValue<bool>());
        Assert.Equal(5, rows["twoNew"]!["countyMinimum"]!.GetValue<int>());

        var other = factory.ClientFor(PartyRoles.Township, tree.Townships[1].Id);
        Assert.Equal(1,
            (await (await other.GetAsync("/api/branches/demonstration-sites?year=2026"))
                .AssertStatusAsync(200))["total"]!.GetValue<long>());
        await (await other.GetAsync("/api/branches/demonstration-sites/quota?year=2026")).AssertStatusAsync(403);
    }

    [Fact]
    public async Task Pairings_log_activities_and_collective_income_is_kept_per_year()
    {
        factory.Clock.Set(new DateTimeOffset(2026, 6, 20, 2, 0, 0, TimeSpan.Zero));
        var tree = await factory.NewCountyAsync(2, 2);
        var county = factory.ClientFor(PartyRoles.County, tree.County);
        var township = factory.ClientFor(PartyRoles.Township, tree.Townships[0].Id);
        var village = tree.Townships[0].Villages[0];
        var organ = await new OrgTreeClient(county)
            .CreateAsync("O" + Guid.NewGuid().ToString("N")[..8], "县财政局党支部", "branch", "governmentOrgan", tree.County);

        var pairing = await (await township.PostJsonAsync("/api/branches/pairings",
            new { branchId = village, partnerBranchId = organ, startedOn = "2026-03-01", purpose = "产业帮扶" }))
            .AssertStatusAsync(201);
        var id = pairing["id"]!.GetValue<Guid>();
        await (await township.PostJsonAsync("/api/branches/pairings",
            new { branchId = village, partnerBranchId = organ, startedOn = "2026-03-01", purpose = "重复" }))
            .AssertProblemAsync(409, "pairings.exists");
        await (await factory.ClientFor(PartyRoles.Branch, village)
            .PostJsonAsync($"/api/branches/pairings/{id}/activities", new { heldOn = "2026-02-01", summary = "太早" }))
            .AssertProblemAsync(422, "pairings.before_start");
        var logged = await (await factory.ClientFor(PartyRoles.Branch, village)
            .PostJsonAsync($"/api/branches/pairings/{id}/activities", new { heldOn = "2026-04-15", summary = "联合主题党日" }))
            .AssertStatusAsync(200);
        Assert.Single(logged["activities"]!.AsArray());
        var other = factory.ClientFor(PartyRoles.Township, tree.Townships[1].Id);
        await (await other.GetAsync($"/api/branches/pairings/{id}")).AssertProblemAsync(404, "pairings.not_found");

        await (await township.PutJsonAsync($"/api/branches/collective-income/{village}/2025", new { amount = 123456.785m }))
            .AssertStatusAsync(200);
        var corrected = await (await township.PutJsonAsync($"/api/branches/collective-income/{village}/2025", new { amount = 150000m }))
            .AssertStatusAsync(200);
        Assert.Equal(150000m, corrected["amount"]!.GetValue<decimal>());
        await (await other.PutJsonAsync($"/api/branches/collective-income/{village}/2025", new { amount = 1m }))
            .AssertProblemAsync(404, "collective_income.branch.not_found");
        await (await county.PutJsonAsync($"/api/branches/collective-income/{organ}/2025", new { amount = 1m }))
            .AssertProblemAsync(422, "collective_income.not_a_village");
        var list = await (await county.GetAsync("/api/branches/collective-income?year=2025")).AssertStatusAsync(200);
        Assert.Equal(1, list["total"]!.GetValue<long>());
        Assert.Equal(0,
            (await (await other.GetAsync("/api/branches/collective-income?year=2025")).AssertStatusAsync(200))["total"]!.GetValue<long>());
        var trail = await (await county.GetAsync($"/api/branches/audit?entityId={village}-2025")).AssertStatusAsync(200);
        Assert.Equal(["corrected", "entered"], trail["items"]!.AsArray().Select(a => a!["action"]!.GetValue<string>()).ToArray());
        Assert.Equal("123456.79", trail["items"]![0]!["from"]!.GetValue<string>()); // rounded half away from zero
    }
}
