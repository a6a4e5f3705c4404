using Party.Demo;
using Party.Testing;

namespace Party.System.Tests;

/// <summary>
/// <c>./party run --demo</c> at a small scale: the demo county goes in through the gateway, a second load creates nothing,
/// and every printed sign-in works with the printed password.
/// </summary>
[Collection(SystemCollection.Name)]
public class DemoCountyTests(SystemFixture system)
{
    [Fact]
    public async Task The_demo_county_loads_through_the_gateway_and_a_second_load_creates_nothing()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(20));
        // Loaded once for the collection: the walkthrough in the portal may have run first (and worked through the to-dos).
        var (county, first, log, afterFirst) = await DemoCountySupport.LoadOnceAsync(system);
        using var api = new DemoApi(system.GatewayUrl, system.DevClientSecret);

        var memberCount = county.Villages.Sum(v => v.Members.Count);
        Assert.True(first.Refused.IsEmpty, "refused: " + string.Join(", ", first.Refused) + "\n" + log);
        Assert.Equal(1 + county.Townships.Count + county.Villages.Count(), first.Created.GetValueOrDefault("org units"));
        Assert.Equal(memberCount, first.Created.GetValueOrDefault("members"));
        Assert.Equal(county.Cadres.Count, first.Created.GetValueOrDefault("cadres"));
        Assert.Equal(county.Cadres.Count, first.Created.GetValueOrDefault("assignments"));
        Assert.Equal(4, first.Created.GetValueOrDefault("accounts"));
        Assert.True(first.Created.GetValueOrDefault("points entries") > 0, log);
        Assert.True(first.Created.GetValueOrDefault("meetings") > 0, log);
        Assert.True(first.Created.GetValueOrDefault("leaves") > 0, log);
        var plan = DemoLoader.NominationPlan(county);
        Assert.Equal(plan.Count, first.Created.GetValueOrDefault("nominations"));
        Assert.Equal(plan.Count(p => p.Stage == NominationStage.OnNotice), first.Created.GetValueOrDefault("nomination approvals"));
        Assert.Equal(memberCount, afterFirst["members"]);
        Assert.Equal(plan.Count, afterFirst["nominations"]);
        Assert.Equal(plan.Count(p => p.Stage != NominationStage.OnNotice), afterFirst["nominations in review"]);
        Assert.Equal(plan.Count(p => p.Stage == NominationStage.OnNotice), afterFirst["nominations on notice"]);

        // The township's to-do home is not empty: entries and a leave wait for it, branches wait to be scored, nominations are
        // in review — in the county, and in the demo township the printed township account signs in to.
        Assert.True(afterFirst["pending entries"] > 0 && afterFirst["pending leaves"] > 0 && afterFirst["ratings"] > 0,
            string.Join(", ", afterFirst));
        Assert.True(afterFirst["township pending entries"] >= 3 && afterFirst["township pending leaves"] >= 1
            && afterFirst["township ratings to score"] >= 1 && afterFirst["township nominations in review"] >= 1,
            string.Join(", ", afterFirst));

        var before = await system.DemoCountsAsync(county);
        var second = new DemoLoader(api, county, new StringWriter());
        await second.LoadAsync(timeout.Token);
        Assert.True(second.Created.IsEmpty, "the second load created " + string.Join(", ", second.Created) + "\n" + log);
        Assert.Equal(before, await system.DemoCountsAsync(county));

        foreach (var account in second.Accounts)
            Assert.Equal(DemoAccounts.SignIn.Done,
                await DemoAccounts.SignInAsync(system.GatewayUrl, account.AccountName, DemoAccounts.Password, timeout.Token));
        var table = DemoReport.SignIns(system.GatewayUrl, second.Accounts);
        Assert.Contains("demo-township", table);
        Assert.Contains(DemoAccounts.Password, table);
    }
}
