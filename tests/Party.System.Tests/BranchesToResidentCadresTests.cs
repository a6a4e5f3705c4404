using System.Text.Json.Nodes;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.System.Tests;

/// <summary>A weak-and-lax designation (软弱涣散) entered in branches changes the village's dispatch requirement in resident-cadres.</summary>
[Collection(SystemCollection.Name)]
public class BranchesToResidentCadresTests(SystemFixture system)
{
    private static readonly TimeSpan Propagation = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_weak_and_lax_designation_makes_the_village_need_a_first_secretary_and_a_team_and_lifting_it_undoes_that()
    {
        var tree = await system.CountyAsync("WEAK", townships: 1, villagesEach: 2, "resident-cadres");
        var county = system.Gateway(PartyRoles.County, tree.County);
        var (weak, other) = (tree.Townships[0].Villages[0], tree.Townships[0].Villages[1]);
        var before = await VillageAsync(county, weak);
        Assert.Equal("none", before["requirement"]!.GetValue<string>());
        Assert.False(before["weakAndLax"]!.GetValue<bool>());
        Assert.Equal(0, await CoverageGapsAsync(county));

        var designation = await (await county.PostJsonAsync("/api/branches/weak-designations",
            new { branchId = weak, year = CrossServiceSupport.Today.Year, reason = "班子不团结，长期不开展组织生活" })).AssertStatusAsync(201);

        var after = await Eventually.ResultAsync(() => VillageAsync(county, weak),
            v => v["requirement"]!.GetValue<string>() == "firstSecretaryAndWorkTeam", Propagation, "the designation in resident-cadres");
        Assert.True(after["weakAndLax"]!.GetValue<bool>());
        // Nobody is stationed there yet, so the office's coverage list now names the village and what it lacks.
        var gaps = await (await county.GetAsync("/api/resident-cadres/coverage")).AssertStatusAsync(200);
        var line = Assert.Single(gaps["items"]!.AsArray());
        Assert.Equal(weak, line!["villageId"]!.GetValue<Guid>());
        Assert.Equal("第一书记、工作队员", line["missing"]!.GetValue<string>());
        Assert.Equal("none", (await VillageAsync(county, other))["requirement"]!.GetValue<string>());

        await (await county.PostJsonAsync($"/api/branches/weak-designations/{designation["id"]!.GetValue<Guid>()}/lift",
            new { reason = "整顿转化达标" })).AssertStatusAsync(200);
        var lifted = await Eventually.ResultAsync(() => VillageAsync(county, weak),
            v => v["requirement"]!.GetValue<string>() == "none", Propagation, "the lifting in resident-cadres");
        Assert.False(lifted["weakAndLax"]!.GetValue<bool>());
        Assert.Equal(0, await CoverageGapsAsync(county));
    }

    private static async Task<JsonNode> VillageAsync(HttpClient client, Guid village) =>
        await (await client.GetAsync($"/api/resident-cadres/villages/{village}")).AssertStatusAsync(200);

    private static async Task<long> CoverageGapsAsync(HttpClient client) =>
        (await (await client.GetAsync("/api/resident-cadres/coverage")).AssertStatusAsync(200))["total"]!.GetValue<long>();
}
