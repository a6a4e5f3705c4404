using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.Branches.Tests.Api;

public class PoliciesAndTemplatesTests(ClockedBranchesFactory factory) : IClassFixture<ClockedBranchesFactory>
{
    [Fact]
    public async Task A_county_policy_takes_effect_from_its_date_and_keeps_unchanged_values()
    {
        factory.Clock.Set(new DateTimeOffset(2026, 6, 1, 2, 0, 0, TimeSpan.Zero));
        var tree = await factory.NewCountyAsync(1, 1);
        var county = factory.ClientFor(PartyRoles.County, tree.County);
        var township = factory.ClientFor(PartyRoles.Township, tree.Townships[0].Id);

        var before = await (await county.GetAsync("/api/branches/policies/in-force?on=2026-12-31")).AssertStatusAsync(200);
        Assert.Equal(10000m, before["star5Subsidy"]!.GetValue<decimal>());
        Assert.Null(before["star5QuotaPercent"]);

        await (await county.PostJsonAsync("/api/branches/policies",
            new { effectiveFrom = "2027-01-01", reason = "县财政调整", star5Subsidy = 12000m }))
            .AssertStatusAsync(201);
        await (await county.PostJsonAsync("/api/branches/policies", new { effectiveFrom = "2027-01-01", reason = "重复" }))
            .AssertProblemAsync(409, "policies.exists");
        var bad = await (await county.PostJsonAsync("/api/branches/policies",
            new { effectiveFrom = "2028-01-01", reason = "错误", star4MinScore = 95, secretarySharePercent = 120 }))
            .AssertProblemAsync(400, "validation.failed");
        Assert.Equal(2, bad["errors"]!.AsObject().Count);
        await (await township.PostJsonAsync("/api/branches/policies", new { effectiveFrom = "2028-01-01", reason = "越权" }))
            .AssertStatusAsync(403);

        Assert.Equal(10000m,
            (await (await township.GetAsync("/api/branches/policies/in-force?on=2026-12-31"))
                .AssertStatusAsync(200))["star5Subsidy"]!.GetValue<decimal>());
        var after = await (await township.GetAsync("/api/branches/policies/in-force?on=2027-01-01")).AssertStatusAsync(200);
        Assert.Equal(12000m, after["star5Subsidy"]!.GetValue<decimal>());
        Assert.Equal(5000m, after["star4Subsidy"]!.GetValue<decimal>());

        // Another county keeps the defaults.
        var otherTree = await factory.NewCountyAsync(1, 0);
        Assert.Equal(10000m,
            (await (await factory.ClientFor(PartyRoles.County, otherTree.County).GetAsync("/api/branches/policies/in-force?on=2027-06-01"))
                .AssertStatusAsync(200))["star5Subsidy"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Templates_give_five_dimensions_per_domain_and_a_new_one_applies_from_its_year()
    {
        var tree = await factory.NewCountyAsync(1, 0);
        var county = factory.ClientFor(PartyRoles.County, tree.County);
        var rural = await (await county.GetAsync("/api/branches/rating-templates?domain=ruralVillage&year=2026")).AssertStatusAsync(200);
        Assert.Equal(5, rural["dimensions"]!.AsArray().Count);
        Assert.Equal("班子建设好", rural["dimensions"]![0]!["name"]!.GetValue<string>());
        await (await county.GetAsync("/api/branches/rating-templates?domain=galaxy")).AssertProblemAsync(400, "validation.failed");

        var year = 2090 + Random.Shared.Next(0, 9);
        var dims = new[] { ("a", 30), ("b", 20), ("c", 20), ("d", 15), ("e", 15) }.Select(d =>
            new { key = d.Item1, name = "维度" + d.Item1, maxPoints = d.Item2 }).ToArray();
        await (await county.PostJsonAsync("/api/branches/rating-templates",
            new { domain = "school", effectiveYear = year, dimensions = dims.Take(4) }))
            .AssertProblemAsync(400, "validation.failed");
        await (await county.PostJsonAsync("/api/branches/rating-templates",
            new { domain = "school", effectiveYear = year, dimensions = dims })).AssertStatusAsync(201);
        await (await county.PostJsonAsync("/api/branches/rating-templates",
            new { domain = "school", effectiveYear = year, dimensions = dims })).AssertProblemAsync(409, "ratings.template_exists");
        var school = await (await county.GetAsync($"/api/branches/rating-templates?domain=school&year={year}")).AssertStatusAsync(200);
        Assert.Equal(30m, school["dimensions"]![0]!["maxPoints"]!.GetValue<decimal>());
        var earlier = await (await county.GetAsync($"/api/branches/rating-templates?domain=school&year={year - 1}")).AssertStatusAsync(200);
        Assert.Equal(20m, earlier["dimensions"]![0]!["maxPoints"]!.GetValue<decimal>());
    }
}
