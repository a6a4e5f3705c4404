using Party.Members.Domain.Members;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.Members.Tests.Points;

/// <summary>The 优秀 quota of branches of one to six party members through the close,
/// under the county's rules in force for the year.</summary>
public class ExcellentQuotaCloseTests(ClockedMembersFactory factory) : IClassFixture<ClockedMembersFactory>
{
    [Fact]
    public async Task Branches_of_one_to_six_party_members_get_their_excellent_quota_from_the_rules_in_force()
    {
        factory.SetToday("2026-12-20");
        var tree = await ReplicaSeeder.SeedCountyAsync(factory.Services, townships: 1, villagesEach: 6);
        var township = tree.Townships[0];
        var county = factory.ClientFor(PartyRoles.County, tree.County);
        // Rules from 2027 on: rounded up, no minimum. Not in force for 2026.
        var from2027 = PointsSetup.RulesBody("2027-01-01");
        from2027["excellentQuotaRounding"] = "ceiling";
        from2027["excellentQuotaMinimum"] = 0;
        await (await county.PostJsonAsync("/api/members/points/rules", from2027)).AssertStatusAsync(201);
        var tooMany = PointsSetup.RulesBody("2028-01-01");
        tooMany["excellentQuotaMinimum"] = 11;
        var refused = await (await county.PostJsonAsync("/api/members/points/rules", tooMany)).AssertProblemAsync(400, "validation.failed");
        Assert.NotNull(refused["errors"]?["excellentQuotaMinimum"]);

        var members = new Dictionary<(int Size, int Rank), Guid>();
        var activists = new Dictionary<int, Guid>();
        async Task ScoreAsync(HttpClient branch, Guid member, int contributions, int year)
        {
            foreach (var item in new[] { "B1", "B2", "B3", "B4" }.Concat(Enumerable.Repeat("C2", contributions)))
                await PointsSetup.EntryAsync(branch, member, item, $"{year}-12-16");
        }
        for (var size = 1; size <= 6; size++)
        {
            var branchId = township.Villages[size - 1];
            var branch = factory.ClientFor(PartyRoles.Branch, branchId);
            await PointsSetup.AdoptAsync(county, branch, branchId, 2026);
            // Every party member scores in the 优秀 range (110, 120, …), each differently, so no tie keeps an extra one.
            for (var rank = 1; rank <= size; rank++)
            {
                var id = members[(size, rank)] = await TestMembers.AddAsync(factory.Services, branchId, $"{size}支部{rank}号",
                    rank % 2 == 0 ? MemberStage.Probationary : MemberStage.Full);
                await ScoreAsync(branch, id, 7 - rank, 2026);
            }
            // An activist with the top score: graded by the thresholds, neither counted in n nor taking a party member's place.
            activists[size] = await TestMembers.AddAsync(factory.Services, branchId, $"{size}支部积极分子", MemberStage.Activist);
            await ScoreAsync(branch, activists[size], 8, 2026);
        }

        factory.SetToday("2027-01-16");
        await (await county.PostJsonAsync("/api/members/points/year-closes", new { unitId = township.Id, year = 2026 }))
            .AssertStatusAsync(200);
        var grades = await TestMembers.WithDbAsync(factory.Services, db =>
            Task.FromResult(db.Set<Party.Members.Domain.Points.AnnualAssessment>()
            .Where(a => a.Year == 2026).ToDictionary(a => a.MemberId, a => a.Grade)));
        for (var size = 1; size <= 6; size++)
        {
            // Defaults: floor(n × 20%), at least one → exactly the top party member of every branch.
            var excellent = Enumerable.Range(1, size).Where(r => grades[members[(size, r)]] == Party.Members.Domain.Points.Grade.Excellent)
                .ToArray();
            Assert.True(excellent.SequenceEqual([1]), $"branch of {size}: 优秀 ranks {string.Join(",", excellent)}");
            Assert.Equal(Party.Members.Domain.Points.Grade.Excellent, grades[activists[size]]);
        }

        // 2027 under the new rules (rounded up, no minimum): the six-member branch gives two, the one-member branch one.
        factory.SetToday("2027-12-20");
        foreach (var size in new[] { 1, 6 })
        {
            var branchId = township.Villages[size - 1];
            var branch = factory.ClientFor(PartyRoles.Branch, branchId);
            await PointsSetup.AdoptAsync(county, branch, branchId, 2027);
            for (var rank = 1; rank <= size; rank++) await ScoreAsync(branch, members[(size, rank)], 7 - rank, 2027);
        }
        factory.SetToday("2028-01-16");
        foreach (var size in new[] { 1, 6 })
            await (await county.PostJsonAsync("/api/members/points/year-closes",
                new { branchId = township.Villages[size - 1], year = 2027 })).AssertStatusAsync(200);
        var grades2027 = await TestMembers.WithDbAsync(factory.Services, db =>
            Task.FromResult(db.Set<Party.Members.Domain.Points.AnnualAssessment>()
            .Where(a => a.Year == 2027).ToDictionary(a => a.MemberId, a => a.Grade)));
        Assert.Equal(Party.Members.Domain.Points.Grade.Excellent, grades2027[members[(1, 1)]]);
        Assert.Equal([1, 2],
            Enumerable.Range(1, 6).Where(r => grades2027[members[(6, r)]] == Party.Members.Domain.Points.Grade.Excellent).ToArray());
    }
}
