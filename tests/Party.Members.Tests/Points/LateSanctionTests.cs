using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Party.Contracts.Members;
using Party.Members.Domain.Points;
using Party.Members.Tests.Members;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.Members.Tests.Points;

/// <summary>
/// A discipline sanction (党纪处分) reaches the member's year-end grade whatever state the half-year is in when it arrives
/// (service README, "A sanction that arrives late"): reported through the bureau API, carried by the sanction event to the
/// points area, and read back from the close and the assessments.
/// </summary>
public class LateSanctionTests(ClockedMembersFactory factory) : IClassFixture<ClockedMembersFactory>
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var state in new[] { "open", "feedbackSent", "meetingApproved", "published", "frozen", "yearClosed" })
        foreach (var kind in new[] { "probationWithinParty", "seriousWarning" })
            data.Add(state, kind);
        return data;
    }

    [Theory, MemberData(nameof(Cases))]
    public async Task A_sanction_reaches_the_grade_in_every_state_of_the_half_year(string state, string kind)
    {
        await using var published = await EventProbe<BranchAnnualAssessmentsPublished>.StartAsync(factory.Services);
        factory.SetToday("2026-06-20");
        var tree = await ReplicaSeeder.SeedCountyAsync(factory.Services, townships: 1, villagesEach: 1);
        var branchId = tree.Townships[0].Villages[0];
        var county = factory.ClientFor(PartyRoles.County, tree.County);
        var branch = factory.ClientFor(PartyRoles.Branch, branchId);
        var bureau = factory.ClientFor(PartyRoles.Bureau, tree.County, "discipline.report");
        await PointsSetup.AdoptAsync(county, branch, branchId, 2026);
        var member = await TestMembers.AddAsync(factory.Services, branchId, "受处分党员");
        // 120: 优秀 without the sanction (the only party member of the branch: at least one 优秀 may be given).
        foreach (var (item, day) in new[] { ("B1", 16), ("B2", 16), ("B3", 17), ("B4", 17), ("C2", 18), ("C2", 19) })
            await PointsSetup.EntryAsync(branch, member, item, $"2026-06-{day}");

        var halfYear = Guid.Empty;
        async Task CloseYearAsync()
        {
            factory.SetToday("2027-01-16");
            await (await branch.PostJsonAsync("/api/members/points/year-closes", new { branchId, year = 2026 })).AssertStatusAsync(200);
        }
        string[] order = ["open", "feedbackSent", "meetingApproved", "published", "frozen", "yearClosed"];
        var reached = Array.IndexOf(order, state);
        if (reached >= 1)
        {
            factory.SetToday("2026-07-20");
            halfYear = (await (await branch.PostJsonAsync("/api/members/points/half-years", new { branchId, year = 2026, half = 1 }))
                .AssertStatusAsync(201))["review"]!["id"]!
                .GetValue<Guid>();
        }
        if (reached >= 2)
        {
            factory.SetToday("2026-07-28");
            await (await branch.PostJsonAsync($"/api/members/points/half-years/{halfYear}/approve", new { meetingOn = "2026-07-28" }))
                .AssertStatusAsync(200);
        }
        if (reached >= 3)
            await (await branch.PostJsonAsync($"/api/members/points/half-years/{halfYear}/publish", new { })).AssertStatusAsync(200);
        if (reached >= 4)
        {
            factory.SetToday("2026-08-04");
            await (await branch.PostJsonAsync($"/api/members/points/half-years/{halfYear}/freeze", new { })).AssertStatusAsync(200);
        }
        if (reached >= 5)
        {
            await CloseYearAsync();
            Assert.Equal("excellent", (await GradeAsync(county, branchId, member))["grade"]!.GetValue<string>());
        }

        var request = new HttpRequestMessage(HttpMethod.Post, "/api/members/sanctions")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { memberId = member, kind, decidedOn = "2026-06-10",
                decisionNumber = $"纪发〔2026〕{state}", reason = "违反工作纪律" }, options: Http.Json),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        await (await bureau.SendAsync(request)).AssertStatusAsync(201);
        var entry = await Eventually.ResultAsync(async () =>
                (await (await county.GetAsync($"/api/members/points/entries?memberId={member}&year=2026&pageSize=50"))
                    .AssertStatusAsync(200))["items"]!.AsArray()
                .FirstOrDefault(e => e!["source"]!.GetValue<string>() == "automatic"),
            e => e is not null, TimeSpan.FromSeconds(15), "the sanction's points entry");
        var entryId = entry!["id"]!.GetValue<Guid>();

        if (reached <= 1)
        {
            // Still the branch's to review (SPEC §3.3): proposed, and nothing goes past it unreviewed.
            Assert.Equal(("proposed", false), (entry["status"]!.GetValue<string>(), entry["isCorrection"]!.GetValue<bool>()));
            if (reached == 1)
            {
                factory.SetToday("2026-07-28");
                await (await branch.PostJsonAsync($"/api/members/points/half-years/{halfYear}/approve", new { meetingOn = "2026-07-28" }))
                    .AssertProblemAsync(409, "points.entries_pending");
            }
            await (await branch.PostJsonAsync($"/api/members/points/entries/{entryId}/review", new { decision = "approve" }))
                .AssertStatusAsync(200);
            if (reached == 1)
            {
                var approved = await (await branch.PostJsonAsync($"/api/members/points/half-years/{halfYear}/approve",
                    new { meetingOn = "2026-07-28" })).AssertStatusAsync(200);
                var total = approved["totals"]!.AsArray().Single(t => t!["memberId"]!.GetValue<Guid>() == member)!;
                Assert.Equal(kind == "seriousWarning" ? (20m, false) : (0m, true),
                    (total["deduction"]!.GetValue<decimal>(), total["vetoed"]!.GetValue<bool>()));
            }
        }
        else
        {
            // Settled: applied at once as a county correction, recorded, and no review is waited for.
            Assert.Equal(("approved", true, "system"),
                (entry["status"]!.GetValue<string>(), entry["isCorrection"]!.GetValue<bool>(), entry["reviewedBy"]!.GetValue<string>()));
            var audit = await (await county.GetAsync($"/api/members/points/audit?entity=points_entry&entityId={entryId}"))
                .AssertStatusAsync(200);
            Assert.Contains(audit["items"]!.AsArray(), a => a!["action"]!.GetValue<string>() == "corrected");
        }
        if (reached < 5) await CloseYearAsync();

        var expected = kind == "seriousWarning" ? ("qualified", 100m, false) : ("unqualified", 0m, true);
        var assessment = await Eventually.ResultAsync(() => GradeAsync(county, branchId, member),
            a => a["grade"]!.GetValue<string>() == expected.Item1, TimeSpan.FromSeconds(15), "the grade with the sanction");
        Assert.Equal(expected,
            (assessment["grade"]!.GetValue<string>(), assessment["score"]!.GetValue<decimal>(), assessment["vetoed"]!.GetValue<bool>()));
        var followUps = (await (await county.GetAsync($"/api/members/points/follow-ups?memberId={member}&year=2026"))
            .AssertStatusAsync(200))["items"]!.AsArray()
            .Select(f => f!["kind"]!.GetValue<string>()).ToArray();
        Assert.Equal(kind == "seriousWarning" ? [] : ["handlingCase"], followUps);
        // Honors hears the grade that counts (after a re-assessment, the later of the two).
        await published.WaitForAsync(p => p.BranchId == branchId && p.Year == 2026
            && p.Assessments.Any(a => a.MemberId == member && a.Grade == expected.Item1 && a.Vetoed == expected.Item3),
            "the grade published");
    }

    private static async Task<JsonNode> GradeAsync(HttpClient county, Guid branchId, Guid member) =>
        (await (await county.GetAsync($"/api/members/points/assessments?branchId={branchId}&year=2026"))
            .AssertStatusAsync(200))["items"]!.AsArray()
        .Single(a => a!["memberId"]!.GetValue<Guid>() == member)!;

    [Fact]
    public async Task A_late_absence_recorded_as_rejected_can_be_confirmed_by_the_county()
    {
        factory.SetToday("2026-06-20");
        var tree = await ReplicaSeeder.SeedCountyAsync(factory.Services, townships: 1, villagesEach: 1);
        var branchId = tree.Townships[0].Villages[0];
        var county = factory.ClientFor(PartyRoles.County, tree.County);
        var branch = factory.ClientFor(PartyRoles.Branch, branchId);
        await PointsSetup.AdoptAsync(county, branch, branchId, 2026);
        var member = await TestMembers.AddAsync(factory.Services, branchId, "迟到的缺席");
        factory.SetToday("2026-07-20");
        var halfYear = (await (await branch.PostJsonAsync("/api/members/points/half-years", new { branchId, year = 2026, half = 1 }))
            .AssertStatusAsync(201))["review"]!["id"]!
            .GetValue<Guid>();
        factory.SetToday("2026-07-28");
        await (await branch.PostJsonAsync($"/api/members/points/half-years/{halfYear}/approve", new { meetingOn = "2026-07-28" }))
            .AssertStatusAsync(200);

        await factory.Services.GetRequiredService<MassTransit.IBus>().Publish(new Party.Contracts.Branches.BranchMeetingHeld
        {
            MeetingId = Guid.NewGuid(), BranchId = branchId, Kind = "themePartyDay", HeldOn = new DateOnly(2026, 6, 15), Topic = "主题党日",
            Attendees = [], AbsentWithLeave = [], AbsentWithoutLeave = [member], OccurredAt = DateTimeOffset.UtcNow,
        });
        var rejected = await Eventually.ResultAsync(async () =>
                (await (await county.GetAsync($"/api/members/points/entries?memberId={member}&year=2026"))
                    .AssertStatusAsync(200))["items"]!.AsArray().FirstOrDefault(),
            e => e is not null, TimeSpan.FromSeconds(15), "the late absence");
        Assert.Equal("rejected", rejected!["status"]!.GetValue<string>());
        var id = rejected["id"]!.GetValue<Guid>();
        await (await branch.PostJsonAsync($"/api/members/points/entries/{id}/corrections", new { points = 5, reason = "确认缺席" }))
            .AssertProblemAsync(403, "auth.county_only");
        var confirmed = await (await county.PostJsonAsync($"/api/members/points/entries/{id}/corrections",
            new { points = 5, reason = "经核实确属无故缺席，予以扣分" }))
            .AssertStatusAsync(201);
        Assert.Equal(("approved", true, 5m),
            (confirmed["status"]!.GetValue<string>(), confirmed["isCorrection"]!.GetValue<bool>(),
                confirmed["points"]!.GetValue<decimal>()));
        var ledger = await (await county.GetAsync($"/api/members/points/members/{member}/ledger?year=2026")).AssertStatusAsync(200);
        Assert.Equal(5m, ledger["deduction"]!.GetValue<decimal>());
    }
}
