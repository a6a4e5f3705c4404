using Microsoft.EntityFrameworkCore;
using Party.Members.Domain.Points;
using Party.Members.Tests.Points;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.Members.Tests;

/// <summary>The members instances of issue 13's input defects, as the black-box run met them
/// (the classes are in <see cref="InputClassTests"/>).</summary>
public class InputInstanceTests(ClockedMembersFactory factory) : IClassFixture<ClockedMembersFactory>
{
    [Fact]
    public async Task Empty_points_rules_are_refused_naming_every_value_and_create_nothing()
    {
        var tree = await ReplicaSeeder.SeedCountyAsync(factory.Services, townships: 1, villagesEach: 1);
        var county = factory.ClientFor(PartyRoles.County, tree.County);
        var before = await TestMembers.WithDbAsync(factory.Services, db => db.Set<PointsRules>().CountAsync());

        var refused = await (await county.PostJsonAsync("/api/members/points/rules", new { })).AssertProblemAsync(400, "validation.failed");
        var named = refused["errors"]!.AsObject().Select(e => e.Key).ToHashSet();
        foreach (var field in PointsSetup.RulesBody("2027-01-01").Select(p => p.Key))
            Assert.True(named.Contains(field), $"{field} not named: {refused.ToJsonString()}");
        Assert.Equal(before, await TestMembers.WithDbAsync(factory.Services, db => db.Set<PointsRules>().CountAsync()));
    }

    [Fact]
    public async Task A_pledge_takes_the_area_codes_the_area_list_hands_out()
    {
        factory.SetToday("2026-05-10");
        var tree = await ReplicaSeeder.SeedCountyAsync(factory.Services, townships: 1, villagesEach: 1);
        var branchId = tree.Townships[0].Villages[0];
        var branch = factory.ClientFor(PartyRoles.Branch, branchId);
        var areas = (await (await branch.GetAsync("/api/members/pledges/areas")).AssertStatusAsync(200)).AsArray();
        var area = areas.First(a => a!["code"]!.GetValue<string>() == "RuralCommunity-1")!;
        var code = area["code"]!.GetValue<string>();

        var member = await TestMembers.AddAsync(factory.Services, branchId, "按代码承诺");
        var pledge = await (await branch.PostJsonAsync("/api/members/pledges",
            new { memberId = member, areas = new[] { code }, content = "带动 5 户增收" }))
            .AssertStatusAsync(201);
        Assert.Equal(area["name"]!.GetValue<string>(), Assert.Single(pledge["pledge"]!["areas"]!.AsArray())!.GetValue<string>());
    }
}
