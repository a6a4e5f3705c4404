using Party.Members.Domain.Members;
using Party.Members.Domain.RuralDuties;
using Party.Members.Tests.Points;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.Members.Tests.RuralDuties;

public class RuralDutyRulesTests
{
    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(23, true)]
    [InlineData(24, false)]
    public void Paired_households_are_one_to_twenty_three(int count, bool valid) =>
        Assert.Equal(valid, RuralDutyRules.ValidHouseholdCount(count, 23));

    [Theory]
    [InlineData("2026-06-01", "2026-01-01", "2026-11-30", false)]
    [InlineData("2026-06-01", "2026-01-01", "2026-12-01", true)]  // 6 months to the day after the last report
    [InlineData(null, "2026-06-10", "2026-12-09", false)]
    [InlineData(null, "2026-06-10", "2026-12-10", true)]
    public void Thought_report_alert_after_six_months(string? last, string registered, string today, bool overdue) =>
        Assert.Equal(overdue,
            RuralDutyRules.ThoughtReportOverdue(last is null ? null : DateOnly.Parse(last), DateOnly.Parse(registered),
                DateOnly.Parse(today), 6));

    [Theory]
    [InlineData(null, "2026-05-10", true)]
    [InlineData("2026-04-30", "2026-05-10", true)]
    [InlineData("2026-05-01", "2026-05-10", false)]
    [InlineData("2025-05-03", "2026-05-10", true)]
    public void Visits_are_due_monthly(string? last, string today, bool due) =>
        Assert.Equal(due, RuralDutyRules.VisitDue(last is null ? null : DateOnly.Parse(last), DateOnly.Parse(today)));
}

public class RuralDutiesApiTests(ClockedMembersFactory factory) : IClassFixture<ClockedMembersFactory>
{
    [Fact]
    public async Task Each_category_gets_its_duties_and_the_alerts_find_who_is_overdue()
    {
        factory.SetToday("2026-06-01");
        var tree = await ReplicaSeeder.SeedCountyAsync(factory.Services, townships: 2, villagesEach: 1);
        var village = tree.Townships[0].Villages[0];
        var branch = factory.ClientFor(PartyRoles.Branch, village);
        var noPost = await TestMembers.AddAsync(factory.Services, village, "无职", category: RuralCategory.NoPostAtHome);
        var away = await TestMembers.AddAsync(factory.Services, village, "外出甲", category: RuralCategory.MobileAway);
        var awayReporting = await TestMembers.AddAsync(factory.Services, village, "外出乙", category: RuralCategory.MobileAway);
        var elderly = await TestMembers.AddAsync(factory.Services, village, "老党员", category: RuralCategory.ElderlyFrail);
        var elderlyVisited = await TestMembers.AddAsync(factory.Services, village, "老党员二", category: RuralCategory.ElderlyFrail);

        var tooMany = Enumerable.Range(1, 24).Select(i => $"户{i}").ToArray();
        await (await branch.PostJsonAsync("/api/members/rural-duties/posts",
            new { memberId = noPost, post = "disputeMediation", duties = "调解邻里纠纷", pairedHouseholds = tooMany }))
            .AssertProblemAsync(400, "validation.failed");
        await (await branch.PostJsonAsync("/api/members/rural-duties/posts",
            new { memberId = away, post = "disputeMediation", duties = "调解", pairedHouseholds = new[] { "张家" } }))
            .AssertProblemAsync(422, "rural_duties.wrong_category");
        var post = await (await branch.PostJsonAsync("/api/members/rural-duties/posts",
            new { memberId = noPost, post = "disputeMediation", duties = "调解邻里纠纷", pairedHouseholds = tooMany[..23] }))
            .AssertStatusAsync(201);
        Assert.Equal(23, post["pairedHouseholds"]!.AsArray().Count);

        await (await branch.PutJsonAsync($"/api/members/rural-duties/mobile/{away}",
            new { contactCadre = "李支书", destination = "广东东莞", contactPhone = "12345" }))
            .AssertProblemAsync(400, "validation.failed");
        await (await branch.PutJsonAsync($"/api/members/rural-duties/mobile/{away}",
            new { contactCadre = "李支书", destination = "广东东莞", employer = "某电子厂", contactPhone = "13800138000" }))
            .AssertStatusAsync(200);
        await (await branch.PutJsonAsync($"/api/members/rural-duties/mobile/{awayReporting}",
            new { contactCadre = "李支书", destination = "浙江义乌" })).AssertStatusAsync(200);
        await (await branch.PutJsonAsync($"/api/members/rural-duties/mobile/{elderly}", new { contactCadre = "李支书", destination = "x" }))
            .AssertProblemAsync(422, "rural_duties.wrong_category");

        factory.SetToday("2026-10-01");
        await (await branch.PostJsonAsync("/api/members/rural-duties/thought-reports",
            new { memberId = awayReporting, receivedOn = "2026-10-01", summary = "学习二十大精神体会" }))
            .AssertStatusAsync(201);
        factory.SetToday("2026-12-02");
        await (await branch.PostJsonAsync("/api/members/rural-duties/visits",
            new { memberId = elderlyVisited, visitedOn = "2026-12-01", visitor = "李支书", notes = "身体尚好" }))
            .AssertStatusAsync(201);

        var thought = await (await branch.GetAsync("/api/members/rural-duties/alerts/thought-reports")).AssertStatusAsync(200);
        Assert.Equal([away], thought["items"]!.AsArray().Select(x => x!["memberId"]!.GetValue<Guid>()));
        var visits = await (await branch.GetAsync("/api/members/rural-duties/alerts/visits")).AssertStatusAsync(200);
        Assert.Equal([elderly], visits["items"]!.AsArray().Select(x => x!["memberId"]!.GetValue<Guid>()));

        var other = factory.ClientFor(PartyRoles.Township, tree.Townships[1].Id);
        await (await other.GetAsync($"/api/members/rural-duties/mobile/{away}")).AssertProblemAsync(404, "rural_mobile_contacts.not_found");
        await (await other.PostJsonAsync("/api/members/rural-duties/visits",
            new { memberId = elderly, visitedOn = "2026-12-01", visitor = "x" })).AssertProblemAsync(404, "members.not_found");
        Assert.Equal(0,
            (await (await other.GetAsync("/api/members/rural-duties/alerts/thought-reports"))
                .AssertStatusAsync(200))["total"]!.GetValue<long>());
        Assert.Equal(0,
            (await (await other.GetAsync("/api/members/rural-duties/posts")).AssertStatusAsync(200))["total"]!.GetValue<long>());
    }
}
