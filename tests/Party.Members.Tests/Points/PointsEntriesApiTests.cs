using System.Text.Json.Nodes;
using Party.Members.Domain.Members;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.Members.Tests.Points;

public class PointsEntriesApiTests(ClockedMembersFactory factory) : IClassFixture<ClockedMembersFactory>
{
    private async Task<(CountyTree Tree, HttpClient County, HttpClient Branch, Guid Member)> SetupAsync(int year)
    {
        var tree = await ReplicaSeeder.SeedCountyAsync(factory.Services, townships: 2, villagesEach: 1);
        var branchId = tree.Townships[0].Villages[0];
        var county = factory.ClientFor(PartyRoles.County, tree.County);
        var branch = factory.ClientFor(PartyRoles.Branch, branchId);
        await PointsSetup.AdoptAsync(county, branch, branchId, year);
        var member = await TestMembers.AddAsync(factory.Services, branchId, "张三");
        return (tree, county, branch, member);
    }

    private static Task<HttpResponseMessage> Enter(HttpClient c, Guid member, string date, string item = "C2",
        string source = "branchRecorded", string? witness = null) =>
        c.PostJsonAsync("/api/members/points/entries", new { memberId = member, itemCode = item, occurredOn = date, source, witness });

    [Fact]
    public async Task Entries_are_accepted_only_inside_an_open_window()
    {
        factory.SetToday("2026-03-15");
        var (_, _, branch, member) = await SetupAsync(2026);
        // On the 15th the window [Feb 15, Mar 15) is registered; the 14th is still in it.
        await (await Enter(branch, member, "2026-03-14")).AssertStatusAsync(201);
        await (await Enter(branch, member, "2026-02-15")).AssertStatusAsync(201);
        await (await Enter(branch, member, "2026-03-15")).AssertStatusAsync(201);
        var early = await (await Enter(branch, member, "2026-02-14")).AssertProblemAsync(422, "points.window_closed");
        Assert.Contains("2026-01-15", early["detail"]!.GetValue<string>());

        factory.SetToday("2026-03-16");
        await (await Enter(branch, member, "2026-03-14")).AssertProblemAsync(422, "points.window_closed");
        await (await Enter(branch, member, "2026-03-16")).AssertStatusAsync(201);
        await (await Enter(branch, member, "2026-03-17")).AssertProblemAsync(422, "points.date_in_future");

        var list = await (await branch.GetAsync($"/api/members/points/entries?memberId={member}")).AssertStatusAsync(200);
        Assert.Equal(4, list["total"]!.GetValue<long>());

        // The same filter as a clerk's sheet: the member by name, the values in Chinese, no id.
        var sheet = await Sheets.ReadAsync(await branch.GetAsync($"/api/members/points/entries?memberId={member}&format=xlsx"));
        Assert.Equal(["2026-02-15", "2026-03-14", "2026-03-15", "2026-03-16"], sheet.Select(r => (string)r["日期"]).ToArray());
        Assert.All(sheet, r =>
            Assert.Equal(("张三", "贡献加分", "支部记录", "待审核"), ((string)r["党员"], (string)r["类别"], (string)r["来源"], (string)r["状态"])));
        Assert.DoesNotContain(sheet.SelectMany(r => r.Values), v => v?.ToString() == member.ToString());
    }

    [Fact]
    public async Task December_entries_are_registered_in_January_and_refused_after_the_15th()
    {
        factory.SetToday("2026-01-15");
        var (_, _, branch, member) = await SetupAsync(2025);
        var created = await (await Enter(branch, member, "2025-12-20")).AssertStatusAsync(201);
        Assert.Equal(2025, created["year"]!.GetValue<int>());
        Assert.Equal("2025-12-15", created["windowStart"]!.GetValue<string>());
        factory.SetToday("2026-01-16");
        await (await Enter(branch, member, "2025-12-21")).AssertProblemAsync(422, "points.window_closed");
    }

    [Fact]
    public async Task Bad_entries_are_refused_with_every_field_and_nothing_is_written()
    {
        factory.SetToday("2026-04-15");
        var (_, _, branch, member) = await SetupAsync(2026);
        var bad = await (await branch.PostJsonAsync("/api/members/points/entries", new { memberId = member, source = "publicConfirmed" }))
            .AssertProblemAsync(400, "validation.failed");
        var errors = bad["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("itemCode") && errors.ContainsKey("occurredOn") && errors.ContainsKey("witness"),
            bad.ToJsonString());
        await (await Enter(branch, member, "2026-04-10", item: "X9")).AssertProblemAsync(422, "points.item_unknown");
        await (await Enter(branch, member, "2026-04-10", source: "automatic")).AssertProblemAsync(400, "validation.failed");
        await (await Enter(branch, member, "2026-04-10", source: "publicConfirmed", witness: "李四")).AssertStatusAsync(201);
        await (await branch.PostAsync("/api/members/points/entries",
            new StringContent("{\"memberId\":", System.Text.Encoding.UTF8, "application/json")))
            .AssertProblemAsync(400, "request.malformed_json");
        var list = await (await branch.GetAsync($"/api/members/points/entries?memberId={member}")).AssertStatusAsync(200);
        Assert.Equal(1, list["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_base_item_is_recorded_once_and_the_scheme_must_exist()
    {
        factory.SetToday("2026-05-15");
        var (tree, _, branch, member) = await SetupAsync(2026);
        await (await Enter(branch, member, "2026-05-01", item: "B1")).AssertStatusAsync(201);
        await (await Enter(branch, member, "2026-05-02", item: "B1")).AssertProblemAsync(409, "points.base_item_recorded");
        var otherBranch = tree.Townships[1].Villages[0];
        var orphan = await TestMembers.AddAsync(factory.Services, otherBranch, "王五");
        var county = factory.ClientFor(PartyRoles.County, tree.County);
        await (await Enter(county, orphan, "2026-05-01")).AssertProblemAsync(422, "points.scheme_missing");
    }

    [Fact]
    public async Task Review_approves_or_rejects_with_a_reason_once()
    {
        factory.SetToday("2026-06-15");
        var (_, _, branch, member) = await SetupAsync(2026);
        var id = (await (await Enter(branch, member, "2026-06-01")).AssertStatusAsync(201))["id"]!.GetValue<Guid>();
        Assert.Equal("proposed",
            (await (await branch.GetAsync($"/api/members/points/entries/{id}")).AssertStatusAsync(200))["status"]!.GetValue<string>());
        await (await branch.PostJsonAsync($"/api/members/points/entries/{id}/review", new { decision = "reject" }))
            .AssertProblemAsync(400, "validation.failed");
        var rejected = await (await branch.PostJsonAsync($"/api/members/points/entries/{id}/review",
            new { decision = "reject", reason = "无佐证材料" })).AssertStatusAsync(200);
        Assert.Equal("rejected", rejected["status"]!.GetValue<string>());
        Assert.Equal("无佐证材料", rejected["reviewReason"]!.GetValue<string>());
        await (await branch.PostJsonAsync($"/api/members/points/entries/{id}/review", new { decision = "approve" }))
            .AssertProblemAsync(409, "points.entry_already_reviewed");
        var audit = await (await branch.GetAsync($"/api/members/points/audit?entity=points_entry&entityId={id}")).AssertStatusAsync(200);
        Assert.Contains(audit["items"]!.AsArray(), a =>
            a!["action"]!.GetValue<string>() == "reviewed" && a["to"]!.GetValue<string>() == "Rejected");
    }

    [Fact]
    public async Task Another_townships_member_and_entries_are_not_found()
    {
        factory.SetToday("2026-07-15");
        var (tree, county, branch, member) = await SetupAsync(2026);
        var entryId = (await (await Enter(branch, member, "2026-07-01")).AssertStatusAsync(201))["id"]!.GetValue<Guid>();
        var otherTownship = factory.ClientFor(PartyRoles.Township, tree.Townships[1].Id);
        await (await Enter(otherTownship, member, "2026-07-01")).AssertProblemAsync(404, "members.not_found");
        await (await otherTownship.GetAsync($"/api/members/points/entries/{entryId}")).AssertProblemAsync(404, "points_entries.not_found");
        await (await otherTownship.PostJsonAsync($"/api/members/points/entries/{entryId}/review", new { decision = "approve" }))
            .AssertProblemAsync(404, "points_entries.not_found");
        await (await otherTownship.GetAsync($"/api/members/points/members/{member}/ledger?year=2026"))
            .AssertProblemAsync(404, "members.not_found");
        await (await otherTownship.GetAsync($"/api/members/points/ranking?branchId={tree.Townships[0].Villages[0]}"))
            .AssertProblemAsync(404, "branches.not_found");
        var list = await (await otherTownship.GetAsync("/api/members/points/entries")).AssertStatusAsync(200);
        Assert.Equal(0, list["total"]!.GetValue<long>());
        var schemes = await (await otherTownship.GetAsync("/api/members/points/schemes")).AssertStatusAsync(200);
        Assert.Equal(0, schemes["total"]!.GetValue<long>());
        // Its own township still sees them.
        var own = factory.ClientFor(PartyRoles.Township, tree.Townships[0].Id);
        await (await own.GetAsync($"/api/members/points/entries/{entryId}")).AssertStatusAsync(200);
    }

    [Fact]
    public async Task Templates_need_base_items_of_100_and_only_the_county_sets_them()
    {
        var tree = await ReplicaSeeder.SeedCountyAsync(factory.Services, townships: 1, villagesEach: 1);
        var county = factory.ClientFor(PartyRoles.County, tree.County);
        var bad = await (await county.PostJsonAsync("/api/members/points/templates", new
        {
            domain = "school", year = 2031, name = "学校",
            items = new object[] { new { code = "B1", name = "政治合格", kind = "base", points = 50 },
                new { code = "C1", name = "x", kind = "contribution", points = 0 } },
        })).AssertProblemAsync(400, "validation.failed");
        Assert.Contains("100", bad["errors"]!["items"]!.ToJsonString());
        var township = factory.ClientFor(PartyRoles.Township, tree.Townships[0].Id);
        await (await township.PostJsonAsync("/api/members/points/templates",
            new { domain = "school", year = 2031, name = "学校", items = PointsSetup.TemplateItems }))
            .AssertProblemAsync(403, "auth.county_only");
        var branch = factory.ClientFor(PartyRoles.Branch, tree.Townships[0].Villages[0]);
        await (await branch.PostJsonAsync("/api/members/points/schemes", new { branchId = tree.Townships[0].Villages[0], year = 2031 }))
            .AssertProblemAsync(422, "points.template_missing");
        await PointsSetup.AdoptAsync(county, branch, tree.Townships[0].Villages[0], 2031);
        await (await branch.PostJsonAsync("/api/members/points/schemes", new { branchId = tree.Townships[0].Villages[0], year = 2031 }))
            .AssertProblemAsync(409, "points.scheme_exists");
    }

    [Fact]
    public async Task A_branch_may_adopt_a_subset_with_tighter_caps_but_keeps_every_base_item()
    {
        var tree = await ReplicaSeeder.SeedCountyAsync(factory.Services, townships: 1, villagesEach: 1);
        var county = factory.ClientFor(PartyRoles.County, tree.County);
        var branchId = tree.Townships[0].Villages[0];
        var branch = factory.ClientFor(PartyRoles.Branch, branchId);
        await (await county.PostJsonAsync("/api/members/points/templates",
            new { domain = "ruralCommunity", year = 2032, name = "t", items = PointsSetup.TemplateItems })).AssertStatusAsync(201);
        await (await branch.PostJsonAsync("/api/members/points/schemes",
            new { branchId, year = 2032, caps = new[] { new { code = "C1", capPerYear = 20 } } }))
            .AssertProblemAsync(400, "validation.failed");
        var scheme = await (await branch.PostJsonAsync("/api/members/points/schemes",
            new { branchId, year = 2032, itemCodes = new[] { "C1", "D1" }, caps = new[] { new { code = "C1", capPerYear = 5 } } }))
            .AssertStatusAsync(201);
        var codes = scheme["items"]!.AsArray().Select(i => i!["code"]!.GetValue<string>()).ToList();
        Assert.Equal(["B1", "B2", "B3", "B4", "C1", "D1"], codes);
        Assert.Equal(5, scheme["items"]!.AsArray().Single(i => i!["code"]!.GetValue<string>() == "C1")!["capPerYear"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task County_corrects_an_approved_entry_with_a_logged_reason_only()
    {
        factory.SetToday("2026-08-15");
        var (tree, county, branch, member) = await SetupAsync(2026);
        var id = await PointsSetup.EntryAsync(branch, member, "C2", "2026-08-01");
        await (await branch.PostJsonAsync($"/api/members/points/entries/{id}/corrections", new { points = -5, reason = "重复计分" }))
            .AssertProblemAsync(403, "auth.county_only");
        await (await county.PostJsonAsync($"/api/members/points/entries/{id}/corrections", new { points = -5 }))
            .AssertProblemAsync(400, "validation.failed");
        var correction = await (await county.PostJsonAsync($"/api/members/points/entries/{id}/corrections",
            new { points = -5, reason = "重复计分" })).AssertStatusAsync(201);
        Assert.True(correction["isCorrection"]!.GetValue<bool>());
        var ledger = await (await branch.GetAsync($"/api/members/points/members/{member}/ledger?year=2026")).AssertStatusAsync(200);
        Assert.Equal(5, ledger["contribution"]!.GetValue<decimal>());
        Assert.Equal(2, ledger["entries"]!.AsArray().Count);
    }

    [Fact]
    public async Task The_ranking_is_for_supervisors_and_the_ledger_sums_approved_entries()
    {
        factory.SetToday("2026-09-15");
        var (tree, _, branch, first) = await SetupAsync(2026);
        var branchId = tree.Townships[0].Villages[0];
        var second = await TestMembers.AddAsync(factory.Services, branchId, "李四");
        foreach (var b in new[] { "B1", "B2", "B3", "B4" }) await PointsSetup.EntryAsync(branch, first, b, "2026-09-01");
        await PointsSetup.EntryAsync(branch, first, "C1", "2026-09-02");
        await PointsSetup.EntryAsync(branch, first, "C1", "2026-09-03");
        await PointsSetup.EntryAsync(branch, first, "C1", "2026-09-04");
        await PointsSetup.EntryAsync(branch, first, "D1", "2026-09-05", approve: false);
        foreach (var b in new[] { "B1", "B2", "B3", "B4" }) await PointsSetup.EntryAsync(branch, second, b, "2026-09-01");
        await PointsSetup.EntryAsync(branch, second, "C2", "2026-09-02");
        await PointsSetup.EntryAsync(branch, second, "C2", "2026-09-03");

        var ledger = await (await branch.GetAsync($"/api/members/points/members/{first}/ledger?year=2026")).AssertStatusAsync(200);
        // C1 is capped at 10 a year; the pending deduction does not count yet.
        Assert.Equal((100m, 10m, 0m, 110m, 1),
            (ledger["base"]!.GetValue<decimal>(), ledger["contribution"]!.GetValue<decimal>(), ledger["deduction"]!.GetValue<decimal>(),
                ledger["score"]!.GetValue<decimal>(), ledger["pending"]!.GetValue<int>()));

        await (await branch.GetAsync($"/api/members/points/ranking?branchId={branchId}&year=2026"))
            .AssertProblemAsync(403, "auth.supervisors_only");
        var township = factory.ClientFor(PartyRoles.Township, tree.Townships[0].Id);
        var ranking = await (await township.GetAsync($"/api/members/points/ranking?branchId={branchId}&year=2026")).AssertStatusAsync(200);
        var rows = ranking["items"]!.AsArray()
            .Select(r => (r!["memberName"]!.GetValue<string>(), r["score"]!.GetValue<decimal>(), r["rank"]!.GetValue<long>())).ToList();
        Assert.Equal([("李四", 120m, 1L), ("张三", 110m, 2L)], rows);
    }
}
