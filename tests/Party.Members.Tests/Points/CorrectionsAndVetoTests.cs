using System.Text.Json.Nodes;
using Party.Contracts.Members;
using Party.Members.Tests.Members;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.Members.Tests.Points;

/// <summary>County corrections (县级更正) of every kind of item, read back from the close;
/// and a veto item approved by the branch is a veto everywhere.</summary>
public class CorrectionsAndVetoTests(ClockedMembersFactory factory) : IClassFixture<ClockedMembersFactory>
{
    private async Task<(Guid BranchId, HttpClient County, HttpClient Branch, Guid Township)> BranchAsync()
    {
        factory.SetToday("2026-06-20");
        var tree = await ReplicaSeeder.SeedCountyAsync(factory.Services, townships: 2, villagesEach: 1);
        var branchId = tree.Townships[0].Villages[0];
        var county = factory.ClientFor(PartyRoles.County, tree.County);
        var branch = factory.ClientFor(PartyRoles.Branch, branchId);
        await PointsSetup.AdoptAsync(county, branch, branchId, 2026);
        return (branchId, county, branch, tree.Townships[1].Id);
    }

    private static async Task<Guid[]> EntriesAsync(HttpClient branch, Guid member, params string[] items)
    {
        var ids = new List<Guid>();
        var day = 16;
        foreach (var item in items.SelectMany(i => i == "B" ? new[] { "B1", "B2", "B3", "B4" } : [i]))
            ids.Add(await PointsSetup.EntryAsync(branch, member, item, $"2026-06-{day++ % 4 + 16}"));
        return [.. ids];
    }

    private static Task<HttpResponseMessage> Correct(HttpClient client, Guid entry, decimal points) =>
        client.PostJsonAsync($"/api/members/points/entries/{entry}/corrections", new { points, reason = "县委组织部核查更正" });

    [Fact]
    public async Task A_correction_changes_the_outcome_for_every_kind_of_item()
    {
        var (branchId, county, branch, otherTownship) = await BranchAsync();
        var baseMember = await TestMembers.AddAsync(factory.Services, branchId, "基础项更正");
        var contributionMember = await TestMembers.AddAsync(factory.Services, branchId, "加分更正");
        var deductionMember = await TestMembers.AddAsync(factory.Services, branchId, "扣分更正");
        var vetoMember = await TestMembers.AddAsync(factory.Services, branchId, "否决撤销");
        var baseEntries = await EntriesAsync(branch, baseMember, "B", "C2");                   // 110
        var contributionEntries = await EntriesAsync(branch, contributionMember, "B", "C2", "C2"); // 120
        var deductionEntries = await EntriesAsync(branch, deductionMember, "B", "D2");          // 70
        var vetoEntries = await EntriesAsync(branch, vetoMember, "B", "V1");                    // vetoed → 0

        // A base item is all or nothing, a veto item stands or not: other amounts are refused and change nothing.
        Assert.Contains("−25",
            (await (await Correct(county, baseEntries[0], -10))
                .AssertProblemAsync(400, "validation.failed"))["errors"]!["points"]![0]!.GetValue<string>());
        await (await Correct(county, baseEntries[0], 25)).AssertProblemAsync(409, "points.correction_no_effect");
        await (await Correct(county, vetoEntries[4], -5)).AssertProblemAsync(400, "validation.failed");
        await (await Correct(county, vetoEntries[4], 1)).AssertProblemAsync(409, "points.correction_no_effect");
        await (await Correct(factory.ClientFor(PartyRoles.Township, otherTownship), baseEntries[0], -25))
            .AssertProblemAsync(403, "auth.county_only");

        await (await Correct(county, baseEntries[0], -25)).AssertStatusAsync(201);           // B1 not met: 85
        await (await Correct(county, contributionEntries[4], -6)).AssertStatusAsync(201);    // 114
        await (await Correct(county, deductionEntries[4], -30)).AssertStatusAsync(201);      // 100
        await (await Correct(county, vetoEntries[4], -1)).AssertStatusAsync(201);            // lifted: 100
        await (await Correct(county, vetoEntries[4], -1)).AssertProblemAsync(409, "points.correction_no_effect");

        // The ledger (the C# reference) and the close (SQL) agree.
        async Task<JsonNode> Ledger(Guid m) =>
            await (await county.GetAsync($"/api/members/points/members/{m}/ledger?year=2026")).AssertStatusAsync(200);
        Assert.Equal((75m, 85m),
            ((await Ledger(baseMember))["base"]!.GetValue<decimal>(), (await Ledger(baseMember))["score"]!.GetValue<decimal>()));
        Assert.Equal((false, 100m),
            ((await Ledger(vetoMember))["vetoed"]!.GetValue<bool>(), (await Ledger(vetoMember))["score"]!.GetValue<decimal>()));

        factory.SetToday("2027-01-16");
        await (await branch.PostJsonAsync("/api/members/points/year-closes", new { branchId, year = 2026 })).AssertStatusAsync(200);
        var graded = (await (await county.GetAsync($"/api/members/points/assessments?branchId={branchId}&year=2026"))
            .AssertStatusAsync(200))["items"]!.AsArray()
            .ToDictionary(a => a!["memberId"]!.GetValue<Guid>(), a =>
                (a!["score"]!.GetValue<decimal>(), a["grade"]!.GetValue<string>(), a["vetoed"]!.GetValue<bool>()));
        Assert.Equal((85m, "basicallyQualified", false), graded[baseMember]);
        Assert.Equal((114m, "excellent", false), graded[contributionMember]);
        Assert.Equal((100m, "qualified", false), graded[deductionMember]);
        Assert.Equal((100m, "qualified", false), graded[vetoMember]);
    }

    [Fact]
    public async Task A_veto_item_approved_by_the_branch_is_published_and_grounds_the_cancellations()
    {
        await using var vetoes = await EventProbe<MemberVetoed>.StartAsync(factory.Services);
        var (branchId, county, branch, _) = await BranchAsync();
        var probationary = await TestMembers.AddAsync(factory.Services, branchId, "预备党员",
            Party.Members.Domain.Members.MemberStage.Probationary);
        var activist = await TestMembers.AddAsync(factory.Services, branchId, "积极分子", Party.Members.Domain.Members.MemberStage.Activist);
        var notYet = await TestMembers.AddAsync(factory.Services, branchId, "未审核", Party.Members.Domain.Members.MemberStage.Activist);

        // Before any veto: no ground.
        await (await branch.PostJsonAsync($"/api/members/development/{probationary}/cancel-probation", new { reason = "一票否决" }))
            .AssertProblemAsync(422, "development.guard.cancellation_ground");
        await PointsSetup.EntryAsync(branch, probationary, "V1", "2026-06-16");
        await PointsSetup.EntryAsync(branch, activist, "V1", "2026-06-17");
        await PointsSetup.EntryAsync(branch, notYet, "V1", "2026-06-17", approve: false);

        var published = await vetoes.WaitForAsync(v => v.MemberId == probationary, "MemberVetoed for the probationary member");
        Assert.Equal((branchId, 2026, "points:V1"), (published.BranchId, published.Year, published.Source));
        Assert.Contains("违法犯罪", published.Reason);
        await vetoes.WaitForAsync(v => v.MemberId == activist, "MemberVetoed for the activist");

        await (await branch.PostJsonAsync($"/api/members/development/{probationary}/cancel-probation", new { reason = "积分一票否决" }))
            .AssertStatusAsync(200);
        await (await branch.PostJsonAsync($"/api/members/development/{activist}/cancel-activist", new { reason = "积分一票否决" }))
            .AssertStatusAsync(200);
        // A veto entry still waiting for the branch's review is no veto yet.
        await (await branch.PostJsonAsync($"/api/members/development/{notYet}/cancel-activist", new { reason = "积分一票否决" }))
            .AssertProblemAsync(422, "development.guard.cancellation_ground");
        Assert.DoesNotContain(vetoes.Messages, v => v.MemberId == notYet);
        var member = await (await county.GetAsync($"/api/members/members/{probationary}")).AssertStatusAsync(200);
        Assert.Equal("stageCancelled", member["status"]!.GetValue<string>());
    }
}
