using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.System.Tests;

/// <summary>The org tree entered once in branches shows up in every service that needs it, through the gateway.</summary>
[Collection(SystemCollection.Name)]
public class OrgTreeFlowTests(SystemFixture system)
{
    private static readonly string[] Replicas = ["members", "resident-cadres", "honors"];

    [Fact]
    public async Task A_county_of_3_townships_and_30_villages_reaches_all_three_replicas_within_5_seconds()
    {
        var tree = await new OrgTreeClient(system.Operator()).CreateCountyAsync(NewCode("FLOW"), townships: 3, villagesEach: 10);
        var created = DateTime.UtcNow;
        var county = system.Gateway(PartyRoles.County, tree.County);

        foreach (var service in Replicas)
        {
            var remaining = TimeSpan.FromSeconds(5) - (DateTime.UtcNow - created);
            await Eventually.TrueAsync(async () => await TotalAsync(county, $"/api/{service}/org-units") == 34,
                remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, $"34 units in the {service} replica");
        }
        var village = tree.Townships[2].Villages[9];
        var branchView = await new OrgTreeClient(county).GetAsync(village);
        foreach (var service in Replicas)
        {
            var replica = await (await county.GetAsync($"/api/{service}/org-units/{village}")).AssertStatusAsync(200);
            Assert.Equal(branchView["name"]!.GetValue<string>(), replica["name"]!.GetValue<string>());
            Assert.Equal(branchView["path"]!.GetValue<string>(), replica["path"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task A_township_cannot_read_another_townships_units_anywhere_and_no_token_gets_401()
    {
        var tree = await new OrgTreeClient(system.Operator()).CreateCountyAsync(NewCode("SCOPE"), townships: 2, villagesEach: 1);
        var county = system.Gateway(PartyRoles.County, tree.County);
        foreach (var service in Replicas)
            await Eventually.TrueAsync(async () => await TotalAsync(county, $"/api/{service}/org-units") == 5, TimeSpan.FromSeconds(10),
                $"{service} replica");

        var township = system.Gateway(PartyRoles.Township, tree.Townships[0].Id);
        var foreign = tree.Townships[1].Villages[0];
        await (await township.GetAsync($"/api/branches/org-units/{tree.Townships[0].Villages[0]}")).AssertStatusAsync(200);
        await (await township.GetAsync($"/api/branches/org-units/{foreign}")).AssertProblemAsync(404, "org_units.not_found");
        foreach (var service in Replicas)
        {
            await (await township.GetAsync($"/api/{service}/org-units/{tree.Townships[0].Villages[0]}")).AssertStatusAsync(200);
            await (await township.GetAsync($"/api/{service}/org-units/{foreign}")).AssertProblemAsync(404, "org_units.not_found");
        }

        using var anonymous = new HttpClient { BaseAddress = new Uri(system.GatewayUrl) };
        foreach (var service in Replicas.Append("branches"))
        {
            var response = await anonymous.GetAsync($"/api/{service}/org-units/{foreign}");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        using var forged = new HttpClient { BaseAddress = new Uri(system.GatewayUrl) };
        forged.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            TestTokens.MintWith(global::System.Security.Cryptography.RSA.Create(2048), system.Issuer, "intruder", PartyRoles.Operator,
                Guid.Empty));
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync($"/api/branches/org-units/{foreign}")).StatusCode);
    }

    [Fact]
    public async Task Bad_requests_get_a_problem_with_a_code_and_change_nothing()
    {
        var tree = await new OrgTreeClient(system.Operator()).CreateCountyAsync(NewCode("BAD"), townships: 1, villagesEach: 2);
        var county = system.Gateway(PartyRoles.County, tree.County);
        var township = tree.Townships[0];
        var code = (await new OrgTreeClient(county).GetAsync(township.Villages[0]))["code"]!.GetValue<string>();
        var before = await TotalAsync(county, "/api/branches/org-units?includeDissolved=true");

        await (await county.PostAsync(OrgTreeClient.Url, Json("{\"code\":"))).AssertProblemAsync(400, "request.malformed_json");
        await (await county.PostAsync(OrgTreeClient.Url,
            Json($$"""{"code":"E1-{{code}}","name":"x","kind":"castle","domain":"ruralVillage","parentId":"{{township.Id}}"}""")))
            .AssertProblemAsync(400, "request.malformed_json");
        var huge = new string('x', 2 * 1024 * 1024);
        // Expect: 100-continue, as an uploading client should send it: the gateway refuses from the declared length
        // before any of the body is sent, so the client is never cut off mid-write (a broken pipe instead of the 413).
        var oversize = new HttpRequestMessage(HttpMethod.Post, OrgTreeClient.Url)
        {
            Content = Json(
                $$"""{"code":"E2-{{code}}","name":"{{huge}}","kind":"branch","domain":"ruralVillage","parentId":"{{township.Id}}"}"""),
        };
        oversize.Headers.ExpectContinue = true;
        await (await county.SendAsync(oversize)).AssertProblemAsync(413, "request.too_large");
        await (await county.PostJsonAsync(OrgTreeClient.Url,
            new { code, name = "重复代码", kind = "branch", domain = "ruralVillage", parentId = township.Id }))
            .AssertProblemAsync(409, "org_units.code_taken");
        await (await county.PostJsonAsync($"{OrgTreeClient.Url}/{township.Id}/move", new { parentId = township.Villages[1] }))
            .AssertProblemAsync(409, "org_units.move_cycle");

        Assert.Equal(before, await TotalAsync(county, "/api/branches/org-units?includeDissolved=true"));
        var parent = await new OrgTreeClient(county).GetAsync(township.Id);
        Assert.Equal(tree.County, parent["parentId"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task A_rolled_back_change_publishes_nothing()
    {
        var tree = await new OrgTreeClient(system.Operator()).CreateCountyAsync(NewCode("RB"), townships: 1, villagesEach: 1);
        var county = system.Gateway(PartyRoles.County, tree.County);
        var village = tree.Townships[0].Villages[0];
        var etag = (await county.GetAsync($"{OrgTreeClient.Url}/{village}")).Headers.ETag!;

        await RenameAsync(county, village, "第一次更名", etag, 200);
        // The second write carries the now stale ETag: its event was queued, then the transaction rolled back.
        await RenameAsync(county, village, "不该出现的名字", etag, 412);
        await RenameAsync(county, village, "最终名字", null, 200);

        foreach (var service in Replicas)
        {
            var replica = await Eventually.ResultAsync(
                async () => await (await county.GetAsync($"/api/{service}/org-units/{village}")).ReadJsonAsync(),
                // Consumers take events in any order (two members instances, concurrent deliveries, retries): version 3 may
                // be applied before the registration is counted, so the wait is for both.
                r => r["version"]?.GetValue<long>() == 3 && r["eventsApplied"]?.GetValue<int>() >= 3, TimeSpan.FromSeconds(10),
                $"{service} replica at version 3 with three events counted");
            Assert.Equal("最终名字", replica["name"]!.GetValue<string>());
            // Registered + two committed renames: the rolled-back rename never reached anyone.
            Assert.Equal(3, replica["eventsApplied"]!.GetValue<int>());
        }
    }

    private static async Task RenameAsync(HttpClient client, Guid id, string name, EntityTagHeaderValue? ifMatch, int expected)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"{OrgTreeClient.Url}/{id}/name")
        {
            Content = Json($$"""{"name":"{{name}}"}"""),
        };
        if (ifMatch is not null) request.Headers.IfMatch.Add(ifMatch);
        await (await client.SendAsync(request)).AssertStatusAsync(expected);
    }

    internal static async Task<long> TotalAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        if (!response.IsSuccessStatusCode) return -1;
        return (await response.ReadJsonAsync())["total"]!.GetValue<long>();
    }

    internal static string NewCode(string prefix) => prefix + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
