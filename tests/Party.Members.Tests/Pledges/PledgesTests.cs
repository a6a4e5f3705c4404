using Microsoft.EntityFrameworkCore;
using Party.Members.Domain.Pledges;
using Party.Members.Domain.Points;
using Party.Members.Tests.Points;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.Members.Tests.Pledges;

public class PledgeRulesTests
{
    [Theory]
    [InlineData(true, true, true, true, true, new string[0])]
    [InlineData(false, true, true, true, true, new[] { "服务改革发展大局" })]
    [InlineData(true, true, false, true, false, new[] { "结合岗位实际", "领导带头承诺" })]
    [InlineData(false, false, false, false, false, new[] { "服务改革发展大局", "体现先进性要求", "结合岗位实际", "符合组织和群众期望", "领导带头承诺" })]
    public void Five_checks_must_all_pass(bool a, bool b, bool c, bool d, bool e, string[] failed) =>
        Assert.Equal(failed, PledgeRules.FailedChecks(a, b, c, d, e));

    [Theory]
    [InlineData("2026-02-10", new int[0], new[] { 1, 2, 3, 4 })]
    [InlineData("2026-05-10", new[] { 2, 3 }, new[] { 4 })]
    [InlineData("2026-10-01", new[] { 4 }, new int[0])]
    [InlineData("2025-12-20", new[] { 1, 2, 3 }, new[] { 4 })]
    public void Quarterly_reports_due_from_publication(string published, int[] reported, int[] missing) =>
        Assert.Equal(missing, PledgeRules.MissingQuarters(2026, DateOnly.Parse(published), reported));

    [Theory]
    [InlineData(PledgeResult.Fulfilled, PointKind.Contribution, 5)]
    [InlineData(PledgeResult.Partly, PointKind.Contribution, 2)]
    [InlineData(PledgeResult.NotFulfilled, PointKind.Deduction, 5)]
    public void Acceptance_proposes_points(PledgeResult result, PointKind kind, decimal points) =>
        Assert.Equal((kind, points), PledgeRules.PointsFor(result, PointsRules.Defaults()));
}

public class PledgesApiTests(ClockedMembersFactory factory) : IClassFixture<ClockedMembersFactory>
{
    private static object Checks(bool fitsPost) => new
    {
        servesAgenda = new { passed = true, comment = "紧扣脱贫攻坚" },
        meetsVanguardStandard = new { passed = true, comment = "体现先锋作用" },
        fitsPost = new { passed = fitsPost, comment = fitsPost ? "与岗位相符" : "与本人岗位关联不大" },
        matchesExpectations = new { passed = true, comment = "群众关心" },
        leadersPledge = new { passed = true, comment = "书记已带头承诺" },
    };

    [Fact]
    public async Task A_pledge_goes_through_the_five_steps_and_acceptance_proposes_points()
    {
        factory.SetToday("2026-05-10");
        var tree = await ReplicaSeeder.SeedCountyAsync(factory.Services, townships: 2, villagesEach: 1);
        var branchId = tree.Townships[0].Villages[0];
        var branch = factory.ClientFor(PartyRoles.Branch, branchId);
        var member = await TestMembers.AddAsync(factory.Services, branchId, "承诺人");

        var bad = await (await branch.PostJsonAsync("/api/members/pledges",
            new { memberId = member, areas = new[] { "提质增效" }, content = "带动 5 户增收" }))
            .AssertProblemAsync(400, "validation.failed");
        Assert.Contains("脱贫攻坚", bad["errors"]!["areas"]![0]!.GetValue<string>());
        var draft = await (await branch.PostJsonAsync("/api/members/pledges",
            new { memberId = member, areas = new[] { "脱贫攻坚", "创业致富" }, content = "带动 5 户贫困户增收" }))
            .AssertStatusAsync(201);
        var id = draft["pledge"]!["id"]!.GetValue<Guid>();
        await (await branch.PostJsonAsync($"/api/members/pledges/{id}/review", Checks(true)))
            .AssertProblemAsync(409, "pledges.wrong_state");
        await (await branch.PostJsonAsync($"/api/members/pledges/{id}/submit", new { })).AssertStatusAsync(200);
        await (await branch.PostJsonAsync($"/api/members/pledges/{id}/review", new { servesAgenda = new { passed = true } }))
            .AssertProblemAsync(400, "validation.failed");
        var returned = await (await branch.PostJsonAsync($"/api/members/pledges/{id}/review", Checks(false))).AssertStatusAsync(200);
        Assert.Equal("draft", returned["pledge"]!["status"]!.GetValue<string>());
        Assert.Contains("与本人岗位关联不大", returned["reviews"]![0]!["comments"]!.GetValue<string>());
        await (await branch.PostJsonAsync($"/api/members/pledges/{id}/submit", new { })).AssertStatusAsync(200);
        var published = await (await branch.PostJsonAsync($"/api/members/pledges/{id}/review", Checks(true))).AssertStatusAsync(200);
        Assert.Equal("published", published["pledge"]!["status"]!.GetValue<string>());

        await (await branch.PostJsonAsync($"/api/members/pledges/{id}/reports", new { quarter = 3, content = "提前" }))
            .AssertProblemAsync(422, "pledges.quarter_not_started");
        await (await branch.PostJsonAsync($"/api/members/pledges/{id}/reports", new { quarter = 2, content = "已联系 5 户" }))
            .AssertStatusAsync(201);
        await (await branch.PostJsonAsync($"/api/members/pledges/{id}/reports", new { quarter = 2, content = "重复" }))
            .AssertProblemAsync(409, "pledges.quarter_reported");
        factory.SetToday("2026-12-10");
        await (await branch.PostJsonAsync($"/api/members/pledges/{id}/reports", new { quarter = 3, content = "3 户已增收" }))
            .AssertStatusAsync(201);
        var missing = await (await branch.PostJsonAsync($"/api/members/pledges/{id}/accept",
            new { result = "fulfilled", comment = "全部兑现" })).AssertProblemAsync(409, "pledges.reports_missing");
        Assert.Contains("4", missing["detail"]!.GetValue<string>());
        await (await branch.PostJsonAsync($"/api/members/pledges/{id}/reports", new { quarter = 4, content = "5 户全部增收" }))
            .AssertStatusAsync(201);

        var other = factory.ClientFor(PartyRoles.Township, tree.Townships[1].Id);
        await (await other.GetAsync($"/api/members/pledges/{id}")).AssertProblemAsync(404, "pledges.not_found");
        await (await other.PostJsonAsync($"/api/members/pledges/{id}/accept", new { result = "fulfilled", comment = "x" }))
            .AssertProblemAsync(404, "pledges.not_found");

        var accepted = await (await branch.PostJsonAsync($"/api/members/pledges/{id}/accept",
            new { result = "fulfilled", comment = "全部兑现" })).AssertStatusAsync(200);
        Assert.Equal("accepted", accepted["pledge"]!["status"]!.GetValue<string>());
        var entryId = accepted["pledge"]!["pointsEntryId"]!.GetValue<Guid>();
        var entry = await TestMembers.WithDbAsync(factory.Services, db =>
            db.Set<PointsEntry>().AsNoTracking().SingleAsync(e => e.Id == entryId));
        Assert.Equal((member, PointKind.Contribution, 5m, EntryStatus.Proposed, 2026),
            (entry.MemberId, entry.Kind, entry.Points, entry.Status, entry.Year));
        await (await branch.PostJsonAsync($"/api/members/pledges/{id}/accept", new { result = "fulfilled", comment = "again" }))
            .AssertProblemAsync(409, "pledges.wrong_state");
        await (await branch.PostJsonAsync("/api/members/pledges", new { memberId = member, areas = new[] { "脱贫攻坚" }, content = "again" }))
            .AssertProblemAsync(409, "pledges.exists");
    }

    [Fact]
    public async Task A_township_exports_its_pledges_as_a_sheet_in_words_and_no_other_townships()
    {
        factory.SetToday("2026-05-10");
        var tree = await ReplicaSeeder.SeedCountyAsync(factory.Services, townships: 2, villagesEach: 1);
        var (ours, theirs) = (tree.Townships[0].Villages[0], tree.Townships[1].Villages[0]);
        var member = await TestMembers.AddAsync(factory.Services, ours, "表格承诺人");
        var stranger = await TestMembers.AddAsync(factory.Services, theirs, "邻乡承诺人");
        await (await factory.ClientFor(PartyRoles.Branch, ours).PostJsonAsync("/api/members/pledges",
            new { memberId = member, areas = new[] { "脱贫攻坚", "创业致富" }, content = "带动 5 户贫困户增收" })).AssertStatusAsync(201);
        await (await factory.ClientFor(PartyRoles.Branch, theirs).PostJsonAsync("/api/members/pledges",
            new { memberId = stranger, areas = new[] { "脱贫攻坚" }, content = "邻乡的承诺" })).AssertStatusAsync(201);

        var township = factory.ClientFor(PartyRoles.Township, tree.Townships[0].Id);
        var sheet = await Sheets.ReadAsync(await township.GetAsync("/api/members/pledges?year=2026&format=xlsx"));
        var row = Assert.Single(sheet);
        Assert.Equal(("第1乡镇第1村党支部", "表格承诺人", "脱贫攻坚、创业致富", "带动 5 户贫困户增收", "定诺（草拟）"),
            ((string)row["支部"], (string)row["党员"], (string)row["承诺事项范围"], (string)row["承诺内容"], (string)row["状态"]));
        Assert.False(Sheets.HoldsAnId(row));
    }
}
