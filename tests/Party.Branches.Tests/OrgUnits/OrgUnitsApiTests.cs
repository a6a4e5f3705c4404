using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Party.Branches.Data;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.Branches.Tests.OrgUnits;

public class OrgUnitsApiTests(BranchesFactory factory) : IClassFixture<BranchesFactory>
{
    private const string Url = OrgTreeClient.Url;

    private async Task<CountyTree> NewCountyAsync(int townships = 2, int villages = 2) =>
        await new OrgTreeClient(factory.OperatorClient()).CreateCountyAsync("C" + Guid.NewGuid().ToString("N")[..8], townships, villages);

    private async Task<(long Units, long Outbox, long Audit)> CountsAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BranchesDbContext>();
        return (await db.OrgUnits.LongCountAsync(), await db.OutboxMessages.LongCountAsync(), await db.AuditEntries.LongCountAsync());
    }

    [Fact]
    public async Task A_name_with_a_NUL_is_refused_naming_the_field_and_changes_nothing()
    {
        var tree = await NewCountyAsync(1, 1);
        var county = factory.ClientFor(PartyRoles.County, tree.County);
        var village = tree.Townships[0].Villages[0];
        var before = (await new OrgTreeClient(county).GetAsync(village))["name"]!.GetValue<string>();

        // Issue 13: this reached PostgreSQL and answered 500.
        var refused = await (await county.PutJsonAsync($"{Url}/{village}/name", new { name = "abc\u0000def" }))
            .AssertProblemAsync(400, "text.control_characters");
        Assert.NotNull(refused["errors"]!["name"]);
        await (await county.PutJsonAsync($"{Url}/{village}/name", new { name = "第一行\n第二行" }))
            .AssertProblemAsync(400, "text.control_characters");
        // A reason is free text: a line break is fine there, a NUL is not.
        var reason = await (await county.PutJsonAsync($"{Url}/{village}/name", new { name = "新村党支部", reason = "村名\u0000变更" }))
            .AssertProblemAsync(400, "text.control_characters");
        Assert.NotNull(reason["errors"]!["reason"]);
        Assert.Equal(before, (await new OrgTreeClient(county).GetAsync(village))["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_created_tree_is_listed_page_by_page_under_the_county()
    {
        var tree = await NewCountyAsync(townships: 3, villages: 4);
        var county = factory.ClientFor(PartyRoles.County, tree.County);

        var first = await (await county.GetAsync($"{Url}?pageSize=10&page=1")).AssertStatusAsync(200);
        var second = await (await county.GetAsync($"{Url}?pageSize=10&page=2")).AssertStatusAsync(200);

        Assert.Equal(1 + 3 + 12, first["total"]!.GetValue<long>());
        Assert.Equal(10, first["items"]!.AsArray().Count);
        Assert.Equal(6, second["items"]!.AsArray().Count);
        var ids = first["items"]!.AsArray().Concat(second["items"]!.AsArray()).Select(i => i!["id"]!.GetValue<Guid>()).ToHashSet();
        Assert.True(ids.SetEquals(tree.All));
    }

    [Fact]
    public async Task A_township_sees_its_subtree_and_nothing_of_another_township()
    {
        var tree = await NewCountyAsync();
        var (mine, theirs) = (tree.Townships[0], tree.Townships[1]);
        var township = factory.ClientFor(PartyRoles.Township, mine.Id);

        await (await township.GetAsync($"{Url}/{mine.Villages[0]}")).AssertStatusAsync(200);
        await (await township.GetAsync($"{Url}/{theirs.Id}")).AssertProblemAsync(404, "org_units.not_found");
        await (await township.GetAsync($"{Url}/{theirs.Villages[0]}")).AssertProblemAsync(404, "org_units.not_found");
        await (await township.GetAsync($"{Url}/{tree.County}")).AssertProblemAsync(404, "org_units.not_found");
        await (await township.GetAsync($"{Url}?under={theirs.Id}")).AssertProblemAsync(404, "org_units.not_found");
        var list = await (await township.GetAsync(Url)).AssertStatusAsync(200);
        Assert.Equal(1 + mine.Villages.Count, list["total"]!.GetValue<long>());
        var before = await CountsAsync();
        await (await township.PutJsonAsync($"{Url}/{theirs.Villages[0]}/name", new { name = "偷改" }))
            .AssertProblemAsync(404, "org_units.not_found");
        await (await township.PostJsonAsync(Url,
            new { code = "X" + Guid.NewGuid().ToString("N")[..6], name = "越权", kind = "branch", domain = "ruralVillage",
                parentId = theirs.Id }))
            .AssertProblemAsync(404, "org_units.parent.not_found");
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task No_token_is_401_and_only_operators_create_a_county()
    {
        var anonymous = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Url)).StatusCode);
        var tree = await NewCountyAsync(1, 0);
        var county = factory.ClientFor(PartyRoles.County, tree.County);
        await (await county.PostJsonAsync(Url,
            new { code = "Z" + Guid.NewGuid().ToString("N")[..6], name = "另一个县", kind = "countyCommittee", domain = "governmentOrgan" }))
            .AssertProblemAsync(403, "org_units.root_requires_operator");
    }

    [Fact]
    public async Task Rename_honours_if_match_and_is_audited()
    {
        var tree = await NewCountyAsync(1, 1);
        var county = factory.ClientFor(PartyRoles.County, tree.County);
        var village = tree.Townships[0].Villages[0];
        var get = await county.GetAsync($"{Url}/{village}");
        var etag = get.Headers.ETag!;

        var rename = new HttpRequestMessage(HttpMethod.Put, $"{Url}/{village}/name")
            { Content = JsonContent("""{"name":"新名字村党支部","reason":"村名变更"}""") };
        rename.Headers.IfMatch.Add(etag);
        var renamed = await (await county.SendAsync(rename)).AssertStatusAsync(200);
        Assert.Equal("新名字村党支部", renamed["name"]!.GetValue<string>());
        Assert.Equal(2, renamed["version"]!.GetValue<long>());

        var stale = new HttpRequestMessage(HttpMethod.Put, $"{Url}/{village}/name") { Content = JsonContent("""{"name":"再改一次"}""") };
        stale.Headers.IfMatch.Add(etag);
        await (await county.SendAsync(stale)).AssertProblemAsync(412, "concurrency.stale");
        Assert.Equal("新名字村党支部", (await new OrgTreeClient(county).GetAsync(village))["name"]!.GetValue<string>());

        var audit = await (await county.GetAsync($"/api/branches/audit?entityId={village}")).AssertStatusAsync(200);
        var renamedEntry = audit["items"]!.AsArray().Single(a => a!["action"]!.GetValue<string>() == "renamed")!;
        Assert.Equal("村名变更", renamedEntry["reason"]!.GetValue<string>());
        Assert.Equal("新名字村党支部", renamedEntry["to"]!.GetValue<string>());
    }

    [Fact]
    public async Task Moving_a_village_carries_its_path_and_refuses_a_cycle()
    {
        var tree = await NewCountyAsync(2, 1);
        var county = factory.ClientFor(PartyRoles.County, tree.County);
        var village = tree.Townships[0].Villages[0];
        var target = tree.Townships[1].Id;

        var moved = await (await county.PostJsonAsync($"{Url}/{village}/move", new { parentId = target, reason = "区划调整" }))
            .AssertStatusAsync(200);
        Assert.Equal(target, moved["parentId"]!.GetValue<Guid>());
        Assert.StartsWith((await new OrgTreeClient(county).GetAsync(target))["path"]!.GetValue<string>(),
            moved["path"]!.GetValue<string>());
        // The old township no longer sees the village; the new one does.
        await (await factory.ClientFor(PartyRoles.Township, tree.Townships[0].Id).GetAsync($"{Url}/{village}"))
            .AssertProblemAsync(404, "org_units.not_found");
        await (await factory.ClientFor(PartyRoles.Township, target).GetAsync($"{Url}/{village}")).AssertStatusAsync(200);

        var before = await CountsAsync();
        await (await county.PostJsonAsync($"{Url}/{target}/move", new { parentId = village }))
            .AssertProblemAsync(409, "org_units.move_cycle");
        await (await county.PostJsonAsync($"{Url}/{target}/move", new { parentId = target }))
            .AssertProblemAsync(409, "org_units.move_cycle");
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task A_unit_with_active_children_is_not_dissolved_and_a_leaf_is()
    {
        var tree = await NewCountyAsync(1, 1);
        var county = factory.ClientFor(PartyRoles.County, tree.County);
        var township = tree.Townships[0];
        await (await county.PostJsonAsync($"{Url}/{township.Id}/dissolve", new { reason = "撤乡并镇" }))
            .AssertProblemAsync(409, "org_units.has_active_children");
        await (await county.PostJsonAsync($"{Url}/{township.Villages[0]}/dissolve", new { reason = "" }))
            .AssertProblemAsync(400, "validation.failed");

        var dissolved = await (await county.PostJsonAsync($"{Url}/{township.Villages[0]}/dissolve", new { reason = "村庄撤并" }))
            .AssertStatusAsync(200);
        Assert.True(dissolved["dissolved"]!.GetValue<bool>());
        await (await county.PostJsonAsync($"{Url}/{township.Id}/dissolve", new { reason = "撤乡并镇" })).AssertStatusAsync(200);
        var list = await (await county.GetAsync(Url)).AssertStatusAsync(200);
        Assert.Equal(1, list["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task Creates_of_the_same_code_at_once_make_one_unit_and_the_others_a_conflict()
    {
        var tree = await NewCountyAsync(1, 1);
        var county = factory.ClientFor(PartyRoles.County, tree.County);
        var code = $"RACE-{Guid.NewGuid():N}"[..20];
        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => county.PostJsonAsync(Url,
            new { code, name = $"同码乡镇{i}", kind = "townshipCommittee", domain = "ruralVillage", parentId = tree.County })));
        Assert.Single(responses, r => r.StatusCode == System.Net.HttpStatusCode.Created);
        foreach (var conflict in responses.Where(r => r.StatusCode != System.Net.HttpStatusCode.Created))
            await conflict.AssertProblemAsync(409, "org_units.code_taken");
        var list = await (await county.GetAsync($"{Url}?under={tree.County}&pageSize=100")).AssertStatusAsync(200);
        Assert.Single(list["items"]!.AsArray(), u => u!["code"]!.GetValue<string>() == code);
    }

    [Fact]
    public async Task Bad_input_gets_a_problem_with_a_code_and_changes_nothing()
    {
        var tree = await NewCountyAsync(1, 1);
        var county = factory.ClientFor(PartyRoles.County, tree.County);
        var township = tree.Townships[0].Id;
        var existingCode = (await new OrgTreeClient(county).GetAsync(township))["code"]!.GetValue<string>();
        var before = await CountsAsync();

        await (await county.PostAsync(Url, JsonContent("{\"code\": \"A1\", \"name\": "))).AssertProblemAsync(400, "request.malformed_json");
        await (await county.PostAsync(Url,
            JsonContent($$"""{"code":"NEW-1","name":"x","kind":"galaxy","domain":"ruralVillage","parentId":"{{township}}"}""")))
            .AssertProblemAsync(400, "request.malformed_json");
        await (await county.PostAsync(Url,
            JsonContent($$"""{"code":"NEW-1","name":"x","kind":3,"domain":"ruralVillage","parentId":"{{township}}"}""")))
            .AssertProblemAsync(400, "request.malformed_json");
        var huge = new string('x', 2 * 1024 * 1024);
        await (await county.PostAsync(Url,
            JsonContent($$"""{"code":"NEW-2","name":"{{huge}}","kind":"branch","domain":"ruralVillage","parentId":"{{township}}"}""")))
            .AssertProblemAsync(413, "request.too_large");
        await (await county.PostJsonAsync(Url,
            new { code = existingCode, name = "重复", kind = "branch", domain = "ruralVillage", parentId = township }))
            .AssertProblemAsync(409, "org_units.code_taken");
        await (await county.PostJsonAsync(Url,
            new { id = township, code = "NEW-ID", name = "重号", kind = "branch", domain = "ruralVillage", parentId = township }))
            .AssertProblemAsync(409, "org_units.id_taken");
        await (await county.PostJsonAsync(Url,
            new { id = tree.County, code = "NEW-ID", name = "重号", kind = "branch", domain = "ruralVillage", parentId = township }))
            .AssertProblemAsync(409, "org_units.id_taken");
        var invalid = await (await county.PostJsonAsync(Url, new { code = "?", name = "", parentId = township }))
            .AssertProblemAsync(400, "validation.failed");
        Assert.Equal(4, invalid["errors"]!.AsObject().Count);
        await (await county.PostJsonAsync(Url,
            new { code = "NEW-3", name = "村", kind = "townshipCommittee", domain = "ruralVillage", parentId = township }))
            .AssertProblemAsync(422, "org_units.kind_not_allowed");
        await (await county.GetAsync($"{Url}?pageSize=500")).AssertProblemAsync(400, "validation.failed");

        Assert.Equal(before, await CountsAsync());
    }

    private static StringContent JsonContent(string json) => new(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
}
