using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Party.Branches.Data;
using Party.Contracts.Branches;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.Branches.Tests.Api;

public class MeetingsApiTests(ClockedBranchesFactory factory) : IClassFixture<ClockedBranchesFactory>
{
    private const string Url = "/api/branches/meetings";

    private async Task RecordAsync(HttpClient client, Guid branch, string kind, string day) =>
        await (await client.PostJsonAsync(Url,
            new { branchId = branch, kind, heldOn = day, topic = "学习贯彻", attendees = new[] { Guid.NewGuid() } })).AssertStatusAsync(201);

    private async Task<(long Meetings, long Outbox, long Audit)> CountsAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BranchesDbContext>();
        return (await db.Meetings.LongCountAsync(), await db.OutboxMessages.LongCountAsync(), await db.AuditEntries.LongCountAsync());
    }

    [Fact]
    public async Task A_meeting_with_absentees_is_published_with_its_attendance()
    {
        factory.Clock.Set(new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero));
        var tree = await factory.NewCountyAsync(2, 1);
        var village = tree.Townships[0].Villages[0];
        var branch = factory.ClientFor(PartyRoles.Branch, village);
        await using var probe = await factory.ProbeAsync<BranchMeetingHeld>();
        Guid a = Guid.NewGuid(), b = Guid.NewGuid(), leave = Guid.NewGuid(), absent1 = Guid.NewGuid(), absent2 = Guid.NewGuid();

        var created = await (await branch.PostJsonAsync(Url, new
        {
            branchId = village, kind = "generalMeeting", heldOn = "2026-11-15", topic = "学习党的二十届四中全会精神", minutes = "会议记录……",
            attendees = new[] { a, b }, absentWithLeave = new[] { leave }, absentWithoutLeave = new[] { absent1, absent2 },
        })).AssertStatusAsync(201);
        var id = created["id"]!.GetValue<Guid>();

        var evt = await Eventually.ResultAsync(() => Task.FromResult(probe.Received.FirstOrDefault(e => e.MeetingId == id)),
            e => e is not null, TimeSpan.FromSeconds(30), "BranchMeetingHeld published");
        Assert.Equal("generalMeeting", evt!.Kind);
        Assert.Equal(village, evt.BranchId);
        Assert.Equal(new DateOnly(2026, 11, 15), evt.HeldOn);
        Assert.Equal([a, b], evt.Attendees);
        Assert.Equal([leave], evt.AbsentWithLeave);
        Assert.Equal([absent1, absent2], evt.AbsentWithoutLeave);

        var audit = await (await factory.ClientFor(PartyRoles.County, tree.County).GetAsync($"/api/branches/audit?entityId={id}"))
            .AssertStatusAsync(200);
        Assert.Equal("recorded", audit["items"]![0]!["action"]!.GetValue<string>());

        // Another township: 404 for the record, nothing in its lists.
        var other = factory.ClientFor(PartyRoles.Township, tree.Townships[1].Id);
        await (await other.GetAsync($"{Url}/{id}")).AssertProblemAsync(404, "meetings.not_found");
        Assert.Equal(0, (await (await other.GetAsync(Url)).AssertStatusAsync(200))["total"]!.GetValue<long>());
        Assert.Equal(1,
            (await (await factory.ClientFor(PartyRoles.Township, tree.Townships[0].Id).GetAsync(Url))
                .AssertStatusAsync(200))["total"]!.GetValue<long>());
        await (await other.PostJsonAsync(Url,
            new { branchId = village, kind = "partyLecture", heldOn = "2026-11-01", topic = "越权", attendees = new[] { a } }))
            .AssertProblemAsync(404, "meetings.branch.not_found");
    }

    [Fact]
    public async Task Bad_meeting_input_gets_a_problem_and_changes_nothing()
    {
        factory.Clock.Set(new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero));
        var tree = await factory.NewCountyAsync(1, 1);
        var village = tree.Townships[0].Villages[0];
        var branch = factory.ClientFor(PartyRoles.Branch, village);
        var member = Guid.NewGuid();
        var before = await CountsAsync();

        var twice = await (await branch.PostJsonAsync(Url,
            new { branchId = village, kind = "committeeMeeting", heldOn = "2026-11-02", topic = "x", attendees = new[] { member },
                absentWithoutLeave = new[] { member } })).AssertProblemAsync(400, "validation.failed");
        Assert.True(twice["errors"]!.AsObject().ContainsKey("attendees"));
        var many = await (await branch.PostJsonAsync(Url, new { branchId = village, heldOn = "2026-11-21", topic = "" }))
            .AssertProblemAsync(400, "validation.failed");
        Assert.Equal(4, many["errors"]!.AsObject().Count); // kind, heldOn (future), topic, attendees
        await (await branch.PostAsync(Url,
            new StringContent($$"""{"branchId":"{{village}}","kind":"picnic","heldOn":"2026-11-02","topic":"x","attendees":[]}""",
                System.Text.Encoding.UTF8, "application/json"))).AssertProblemAsync(400, "request.malformed_json");
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task The_compliance_report_counts_months_and_quarters_at_their_edges()
    {
        factory.Clock.Set(new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero));
        var tree = await factory.NewCountyAsync(2, 2);
        var (full, late) = (tree.Townships[0].Villages[0], tree.Townships[0].Villages[1]);
        var county = factory.ClientFor(PartyRoles.County, tree.County);

        foreach (var v in new[] { full, late })
        {
            var c = factory.ClientFor(PartyRoles.Branch, v);
            foreach (var m in new[] { "01", "02", "03" })
            {
                await RecordAsync(c, v, "committeeMeeting", $"2026-{m}-01");
                await RecordAsync(c, v, "groupMeeting", $"2026-{m}-28");
                await RecordAsync(c, v, "themePartyDay", $"2026-{m}-15");
            }
            await RecordAsync(c, v, "partyLecture", "2026-02-10");
        }
        // "full" holds its general meeting on the last day of Q1; "late" one day later, in Q2; its March theme day is moved to the 16th.
        await RecordAsync(factory.ClientFor(PartyRoles.Branch, full), full, "generalMeeting", "2026-03-31");
        await RecordAsync(factory.ClientFor(PartyRoles.Branch, late), late, "generalMeeting", "2026-04-01");
        await RecordAsync(factory.ClientFor(PartyRoles.Branch, late), late, "themePartyDay", "2026-03-16");

        var q1 = await (await county.GetAsync("/api/branches/meetings/compliance?year=2026&quarter=1&pageSize=200")).AssertStatusAsync(200);
        var rows = q1["rows"]!["items"]!.AsArray().ToDictionary(r => r!["branchId"]!.GetValue<Guid>());
        Assert.Equal(4, q1["branches"]!.GetValue<long>());
        Assert.True(rows[full]!["compliant"]!.GetValue<bool>());
        Assert.False(rows[late]!["compliant"]!.GetValue<bool>());
        Assert.Equal(1, rows[late]!["missingSlots"]!.GetValue<int>());
        Assert.Equal(0, rows[late]!["generalMeetingQuarters"]!.GetValue<int>());
        Assert.Equal(1, rows[late]!["themeDaysOffThe15th"]!.GetValue<int>());
        // The two villages with no meetings miss 3 × 3 monthly + 2 quarterly slots.
        Assert.Equal(11, rows[tree.Townships[1].Villages[0]]!["missingSlots"]!.GetValue<int>());
        Assert.Equal(3, q1["nonCompliant"]!.GetValue<long>());

        // A month report only asks for the monthly duties: March is fine for both.
        var march = await (await county.GetAsync("/api/branches/meetings/compliance?year=2026&month=3&onlyNonCompliant=true"))
            .AssertStatusAsync(200);
        var flagged = march["rows"]!["items"]!.AsArray().Select(r => r!["branchId"]!.GetValue<Guid>()).ToHashSet();
        Assert.DoesNotContain(full, flagged);
        Assert.DoesNotContain(late, flagged);
        Assert.Equal(2, flagged.Count);

        // April: "late"'s general meeting belongs to Q2; a township sees only its own villages.
        var mine = await (await factory.ClientFor(PartyRoles.Township, tree.Townships[0].Id)
            .GetAsync("/api/branches/meetings/compliance?year=2026&quarter=2"))
            .AssertStatusAsync(200);
        Assert.Equal(2, mine["branches"]!.GetValue<long>());
        Assert.Equal(1,
            mine["rows"]!["items"]!.AsArray()
            .Single(r => r!["branchId"]!.GetValue<Guid>() == late)!["generalMeetingQuarters"]!.GetValue<int>());
        await (await factory.ClientFor(PartyRoles.Township, tree.Townships[1].Id)
            .GetAsync($"/api/branches/meetings/compliance?year=2026&under={tree.Townships[0].Id}"))
            .AssertProblemAsync(404, "meetings.under.not_found");
        await (await county.GetAsync("/api/branches/meetings/compliance?year=2026&quarter=5")).AssertProblemAsync(400, "validation.failed");

        var sheet = await Sheets.ReadAsync(await county.GetAsync("/api/branches/meetings/compliance.xlsx?year=2026&quarter=1"));
        Assert.Equal(4, sheet.Count);
        Assert.Equal(3, sheet.Count(r => (string)r["达标"] == "否"));
    }
}
