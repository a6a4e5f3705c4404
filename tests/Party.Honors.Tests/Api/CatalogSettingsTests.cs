using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.Honors.Tests.Api;

/// <summary>The star minimum of 党建示范点 (SPEC states none) and 先进基层党组织 (★4) is a catalog setting the county changes.</summary>
public class CatalogSettingsTests(HonorsFactory factory) : IClassFixture<HonorsFactory>
{
    [Fact]
    public async Task The_county_sets_the_star_minimum_of_a_demonstration_site_and_nominations_follow_it()
    {
        var tree = await TreeOf.SeedAsync(factory);
        var county = factory.Client(PartyRoles.County, tree.County);
        var township = factory.Client(PartyRoles.Township, tree.Township(0));
        var fourStars = tree.Village(0, 1);
        await Facts.RatingAsync(factory, fourStars, 2025, 4);

        Assert.Equal(5, (await (await county.GetAsync("/api/honors/types/demonstration-site"))
            .AssertStatusAsync(200))["minStars"]!.GetValue<int>());
        Assert.Equal(4, (await (await county.GetAsync("/api/honors/types/advanced-organization"))
            .AssertStatusAsync(200))["minStars"]!.GetValue<int>());
        Assert.Null((await (await county.GetAsync("/api/honors/types/excellent-member")).AssertStatusAsync(200))["minStars"]);
        var refused = await (await township.PostJsonAsync("/api/honors/nominations",
            new { honorTypeCode = "demonstration-site", subjectId = fourStars, deeds = "阵地建设规范。" }))
                .AssertProblemAsync(422, "honors.not_eligible");
        Assert.Contains("须达到 5 星", Assert.Single(refused["errors"]!["rating_below_minimum"]!.AsArray())!.GetValue<string>());

        await (await township.PutJsonAsync("/api/honors/types/demonstration-site/min-stars", new { minStars = 4, reason = "x" }))
            .AssertStatusAsync(403);
        var invalid = await (await county.PutJsonAsync("/api/honors/types/demonstration-site/min-stars", new { minStars = 6 }))
            .AssertProblemAsync(400, "validation.failed");
        Assert.Equal(["minStars", "reason"], invalid["errors"]!.AsObject().Select(e => e.Key).Order().ToArray());
        await (await county.PutJsonAsync("/api/honors/types/excellent-member/min-stars", new { minStars = 4, reason = "x" }))
            .AssertProblemAsync(422, "honors.not_rated_on_stars");
        await (await county.PutJsonAsync("/api/honors/types/no-such-type/min-stars", new { minStars = 4, reason = "x" }))
            .AssertProblemAsync(404, "honor_types.not_found");

        var set = await (await county.PutJsonAsync("/api/honors/types/demonstration-site/min-stars",
            new { minStars = 4, reason = "2026 年县委常委会决定示范点放宽至四星" }))
            .AssertStatusAsync(200);
        Assert.Equal(4, set["minStars"]!.GetValue<int>());
        var eligibility = await (await township.GetAsync($"/api/honors/eligibility?type=demonstration-site&subjectId={fourStars}"))
            .AssertStatusAsync(200);
        Assert.True(eligibility["eligible"]!.GetValue<bool>());
        await (await township.PostJsonAsync("/api/honors/nominations",
            new { honorTypeCode = "demonstration-site", subjectId = fourStars, deeds = "阵地建设规范。" })).AssertStatusAsync(201);
        var audit = await (await county.GetAsync("/api/honors/audit?entity=honor_type&entityId=demonstration-site")).AssertStatusAsync(200);
        var entry = Assert.Single(audit["items"]!.AsArray())!;
        Assert.Equal(("5", "4"), (entry["from"]!.GetValue<string>(), entry["to"]!.GetValue<string>()));
    }
}
