using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.System.Tests;

/// <summary>A branch meeting recorded in branches (三会一课) becomes points proposals and organization life in members.</summary>
[Collection(SystemCollection.Name)]
public class BranchesToMembersTests(SystemFixture system)
{
    private static readonly TimeSpan Propagation = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_meeting_with_two_absentees_without_leave_proposes_one_deduction_for_each_in_members()
    {
        var tree = await system.CountyAsync("MEET", townships: 1, villagesEach: 1, "members");
        var village = tree.Townships[0].Villages[0];
        var township = system.Gateway(PartyRoles.Township, tree.Townships[0].Id);
        var present = await township.CreateFullMemberAsync(village, "出席者");
        var excused = await township.CreateFullMemberAsync(village, "请假者");
        var absent1 = await township.CreateFullMemberAsync(village, "缺席者一");
        var absent2 = await township.CreateFullMemberAsync(village, "缺席者二");

        var branch = system.Gateway(PartyRoles.Branch, village);
        var heldOn = CrossServiceSupport.Today;
        await (await branch.PostJsonAsync("/api/branches/meetings", new
        {
            branchId = village, kind = "committeeMeeting", heldOn, topic = "学习传达上级会议精神",
            attendees = new[] { present }, absentWithLeave = new[] { excused }, absentWithoutLeave = new[] { absent1, absent2 },
        })).AssertStatusAsync(201);

        var proposed = await Eventually.ResultAsync(
            async () => (await (await township.GetAsync($"/api/members/points/entries?branchId={village}&year={heldOn.Year}"))
                .AssertStatusAsync(200))["items"]!.AsArray(),
            items => items.Count >= 2, Propagation, "proposed deductions in members");
        Assert.Equal(2, proposed.Count);
        Assert.Equal(new[] { absent1, absent2 }.Order(), proposed.Select(e => e!["memberId"]!.GetValue<Guid>()).Order());
        Assert.All(proposed, e =>
        {
            Assert.Equal("proposed", e!["status"]!.GetValue<string>());
            Assert.Equal("deduction", e["kind"]!.GetValue<string>());
            Assert.Equal(5m, e["points"]!.GetValue<decimal>());
            Assert.Equal(heldOn, DateOnly.Parse(e["occurredOn"]!.GetValue<string>()));
        });
        // Attending is organization life for the lost-contact rule; the excused member has nothing to review either.
        await Eventually.TrueAsync(async () =>
            (await (await township.GetAsync($"/api/members/members/{present}")).AssertStatusAsync(200))["lastOrganizationLifeOn"]
            ?.GetValue<string>() == heldOn.ToString("yyyy-MM-dd"), Propagation, "the attendance in members");
        foreach (var member in new[] { present, excused })
        {
            var ledger = await (await township.GetAsync($"/api/members/points/members/{member}/ledger?year={heldOn.Year}"))
                .AssertStatusAsync(200);
            Assert.Equal(0, ledger["pending"]!.GetValue<int>());
        }
    }
}
