using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.Members.Tests.Points;

public class HalfYearTests(ClockedMembersFactory factory) : IClassFixture<ClockedMembersFactory>
{
    [Fact]
    public async Task Feedback_appeals_within_seven_days_answers_meeting_publication_and_freezing()
    {
        factory.SetToday("2026-06-20");
        var tree = await ReplicaSeeder.SeedCountyAsync(factory.Services, townships: 2, villagesEach: 1);
        var branchId = tree.Townships[0].Villages[0];
        var county = factory.ClientFor(PartyRoles.County, tree.County);
        var branch = factory.ClientFor(PartyRoles.Branch, branchId);
        await PointsSetup.AdoptAsync(county, branch, branchId, 2026);
        var member = await TestMembers.AddAsync(factory.Services, branchId, "甲");
        var other = await TestMembers.AddAsync(factory.Services, branchId, "乙");
        var entry = await PointsSetup.EntryAsync(branch, member, "C2", "2026-06-16");
        await PointsSetup.EntryAsync(branch, member, "D1", "2026-06-17");
        await PointsSetup.EntryAsync(branch, other, "C1", "2026-06-18", approve: false);

        factory.SetToday("2026-07-15");
        await (await branch.PostJsonAsync("/api/members/points/half-years", new { branchId, year = 2026, half = 1 }))
            .AssertProblemAsync(409, "points.half_year_not_over");
        factory.SetToday("2026-07-20");
        await (await branch.PostJsonAsync("/api/members/points/half-years", new { branchId, year = 2026, half = 1 }))
            .AssertProblemAsync(409, "points.entries_pending");
        var pending = (await (await branch.GetAsync($"/api/members/points/entries?memberId={other}&status=proposed"))
            .AssertStatusAsync(200))["items"]![0]!["id"]!.GetValue<Guid>();
        await (await branch.PostJsonAsync($"/api/members/points/entries/{pending}/review", new { decision = "approve" }))
            .AssertStatusAsync(200);

        var started = await (await branch.PostJsonAsync("/api/members/points/half-years", new { branchId, year = 2026, half = 1 }))
            .AssertStatusAsync(201);
        var id = started["review"]!["id"]!.GetValue<Guid>();
        Assert.Equal("2026-07-27", started["review"]!["appealDeadline"]!.GetValue<string>());
        var mine = started["totals"]!.AsArray().Single(t => t!["memberId"]!.GetValue<Guid>() == member)!;
        Assert.Equal((10m, 5m), (mine["contribution"]!.GetValue<decimal>(), mine["deduction"]!.GetValue<decimal>()));
        await (await branch.PostJsonAsync("/api/members/points/half-years", new { branchId, year = 2026, half = 1 }))
            .AssertProblemAsync(409, "points.half_year_exists");

        var otherTownship = factory.ClientFor(PartyRoles.Township, tree.Townships[1].Id);
        await (await otherTownship.GetAsync($"/api/members/points/half-years/{id}")).AssertProblemAsync(404, "points_half_years.not_found");

        factory.SetToday("2026-07-27");
        var appeal = await (await branch.PostJsonAsync($"/api/members/points/half-years/{id}/appeals",
            new { memberId = member, text = "6月17日已请假，不应扣分" })).AssertStatusAsync(201);
        var appealId = appeal["id"]!.GetValue<Guid>();
        factory.SetToday("2026-07-28");
        await (await branch.PostJsonAsync($"/api/members/points/half-years/{id}/appeals", new { memberId = other, text = "迟到的申辩" }))
            .AssertProblemAsync(422, "points.appeal_deadline_passed");
        await (await branch.PostJsonAsync($"/api/members/points/half-years/{id}/approve", new { meetingOn = "2026-07-28" }))
            .AssertProblemAsync(409, "points.appeals_unanswered");
        await (await otherTownship.PostJsonAsync($"/api/members/points/appeals/{appealId}/answer", new { answer = "x" }))
            .AssertProblemAsync(404, "points_appeals.not_found");
        await (await branch.PostJsonAsync($"/api/members/points/appeals/{appealId}/answer", new { answer = "经核实请假手续不全，维持扣分" }))
            .AssertStatusAsync(200);
        await (await branch.PostJsonAsync($"/api/members/points/appeals/{appealId}/answer", new { answer = "再次答复" }))
            .AssertProblemAsync(409, "points.appeal_answered");

        await (await branch.PostJsonAsync($"/api/members/points/half-years/{id}/publish", new { }))
            .AssertProblemAsync(409, "points.half_year_wrong_state");
        var approved = await (await branch.PostJsonAsync($"/api/members/points/half-years/{id}/approve",
            new { meetingOn = "2026-07-28", minutes = "全体党员大会审议通过" })).AssertStatusAsync(200);
        Assert.Equal("meetingApproved", approved["review"]!["status"]!.GetValue<string>());
        var published = await (await branch.PostJsonAsync($"/api/members/points/half-years/{id}/publish", new { })).AssertStatusAsync(200);
        // Tuesday 28 July + 5 working days → Monday 3 August.
        Assert.Equal("2026-08-03", published["review"]!["noticeEndsOn"]!.GetValue<string>());
        await (await branch.PostJsonAsync($"/api/members/points/half-years/{id}/freeze", new { }))
            .AssertProblemAsync(409, "points.notice_running");
        factory.SetToday("2026-08-04");
        var frozen = await (await branch.PostJsonAsync($"/api/members/points/half-years/{id}/freeze", new { })).AssertStatusAsync(200);
        Assert.Equal("frozen", frozen["review"]!["status"]!.GetValue<string>());

        // Frozen: the branch can no longer change the half; only the county's logged correction can.
        await (await branch.PostJsonAsync($"/api/members/points/entries/{entry}/corrections", new { points = -10, reason = "x" }))
            .AssertProblemAsync(403, "auth.county_only");
        await (await county.PostJsonAsync($"/api/members/points/entries/{entry}/corrections", new { points = -10, reason = "县纪委核查：事迹不实" }))
            .AssertStatusAsync(201);
        var audit = await (await branch.GetAsync($"/api/members/points/audit?entity=points_entry&entityId={entry}")).AssertStatusAsync(200);
        Assert.Contains(audit["items"]!.AsArray(), a =>
            a!["action"]!.GetValue<string>() == "corrected" && a["reason"]!.GetValue<string>() == "县纪委核查：事迹不实");
    }

    [Fact]
    public async Task Reviews_in_an_approved_half_year_are_refused()
    {
        factory.SetToday("2026-12-20");
        var tree = await ReplicaSeeder.SeedCountyAsync(factory.Services, townships: 1, villagesEach: 1);
        var branchId = tree.Townships[0].Villages[0];
        var county = factory.ClientFor(PartyRoles.County, tree.County);
        var branch = factory.ClientFor(PartyRoles.Branch, branchId);
        await PointsSetup.AdoptAsync(county, branch, branchId, 2026);
        var member = await TestMembers.AddAsync(factory.Services, branchId, "丙");
        await PointsSetup.EntryAsync(branch, member, "C2", "2026-12-16");
        factory.SetToday("2027-01-18");
        var id = (await (await branch.PostJsonAsync("/api/members/points/half-years", new { branchId, year = 2026, half = 2 }))
            .AssertStatusAsync(201))["review"]!["id"]!.GetValue<Guid>();
        factory.SetToday("2027-01-26");
        await (await branch.PostJsonAsync($"/api/members/points/half-years/{id}/approve", new { meetingOn = "2027-01-25" }))
            .AssertProblemAsync(409, "points.appeal_period_open");
        await (await branch.PostJsonAsync($"/api/members/points/half-years/{id}/approve", new { meetingOn = "2027-01-26" }))
            .AssertStatusAsync(200);
        // A late automatic entry for that half (e.g. a meeting recorded late) can no longer be approved by the branch.
        var late = Guid.NewGuid();
        await TestMembers.WithDbAsync(factory.Services, async db =>
        {
            var m = await db.Set<Party.Members.Domain.Members.Member>().FindAsync(member);
            db.Add(new Party.Members.Domain.Points.PointsEntry
            {
                Id = late, MemberId = member, BranchId = branchId, OrgPath = m!.OrgPath, Year = 2026,
                OccurredOn = new DateOnly(2026, 12, 20),
                WindowStart = new DateOnly(2026, 12, 15), ItemCode = "AUTO-ABSENCE", ItemName = "无故缺席组织生活",
                Kind = Party.Members.Domain.Points.PointKind.Deduction,
                Points = 5, Source = Party.Members.Domain.Points.EntrySource.Automatic,
                Status = Party.Members.Domain.Points.EntryStatus.Proposed,
                CreatedAt = DateTimeOffset.UtcNow, CreatedBy = "system",
            });
            return await db.SaveChangesAsync();
        });
        await (await branch.PostJsonAsync($"/api/members/points/entries/{late}/review", new { decision = "approve" }))
            .AssertProblemAsync(409, "points.half_year_frozen");
    }
}
