using Party.Demo;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.System.Tests;

/// <summary>
/// <c>./party run --demo</c> at a small scale: the demo county goes in through the gateway, a second load creates nothing,
/// and every printed sign-in works with the printed password.
/// </summary>
[Collection(SystemCollection.Name)]
public class DemoCountyTests(SystemFixture system)
{
    private const double Scale = 0.02;

    [Fact]
    public async Task The_demo_county_loads_through_the_gateway_and_a_second_load_creates_nothing()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(20));
        var county = DemoCounty.Generate(Scale, DemoClock.Today());
        using var api = new DemoApi(system.GatewayUrl, system.DevClientSecret);

        var log = new StringWriter();
        var first = new DemoLoader(api, county, log);
        await first.LoadAsync(timeout.Token);
        var memberCount = county.Villages.Sum(v => v.Members.Count);
        Assert.True(first.Refused.IsEmpty, "refused: " + string.Join(", ", first.Refused) + "\n" + log);
        Assert.Equal(1 + county.Townships.Count + county.Villages.Count(), first.Created.GetValueOrDefault("org units"));
        Assert.Equal(memberCount, first.Created.GetValueOrDefault("members"));
        Assert.Equal(county.Cadres.Count, first.Created.GetValueOrDefault("cadres"));
        Assert.Equal(county.Cadres.Count, first.Created.GetValueOrDefault("assignments"));
        Assert.Equal(4, first.Created.GetValueOrDefault("accounts"));
        Assert.True(first.Created.GetValueOrDefault("points entries") > 0, log.ToString());
        Assert.True(first.Created.GetValueOrDefault("meetings") > 0, log.ToString());
        Assert.True(first.Created.GetValueOrDefault("leaves") > 0, log.ToString());
        var before = await CountsAsync(county);
        Assert.Equal(memberCount, before["members"]);

        var second = new DemoLoader(api, county, log);
        await second.LoadAsync(timeout.Token);
        Assert.True(second.Created.IsEmpty, "the second load created " + string.Join(", ", second.Created) + "\n" + log);
        Assert.Equal(before, await CountsAsync(county));

        // The township's to-do home is not empty: entries and a leave wait for it, and branches wait to be scored.
        Assert.True(before["pending entries"] > 0 && before["pending leaves"] > 0 && before["ratings"] > 0, string.Join(", ", before));

        foreach (var account in second.Accounts)
            Assert.Equal(DemoAccounts.SignIn.Done,
                await DemoAccounts.SignInAsync(system.GatewayUrl, account.AccountName, DemoAccounts.Password, timeout.Token));
        var table = DemoReport.SignIns(system.GatewayUrl, second.Accounts);
        Assert.Contains("demo-township", table);
        Assert.Contains(DemoAccounts.Password, table);
    }

    /// <summary>What is on file for the county, as its own office lists it.</summary>
    private async Task<Dictionary<string, long>> CountsAsync(DemoCounty county)
    {
        var office = system.Gateway(PartyRoles.County, county.CountyId);
        async Task<long> Total(string path) =>
            (await (await office.GetAsync(path + (path.Contains('?') ? "&" : "?") + "pageSize=1")).AssertStatusAsync(200))["total"]!
                .GetValue<long>();
        var year = county.Today.Year;
        return new Dictionary<string, long>
        {
            ["org units"] = await Total($"/api/branches/org-units?under={county.CountyId}"),
            ["members"] = await Total("/api/members/members"),
            ["points entries"] = await Total($"/api/members/points/entries?year={year}"),
            ["pending entries"] = await Total($"/api/members/points/entries?year={year}&status=Proposed"),
            ["meetings"] = await Total("/api/branches/meetings"),
            ["ratings"] = await Total($"/api/branches/ratings?year={year}"),
            ["cadres"] = await Total("/api/resident-cadres/cadres"),
            ["check-ins"] = await Total("/api/resident-cadres/check-ins"),
            ["leaves"] = await Total("/api/resident-cadres/leaves"),
            ["pending leaves"] = await Total("/api/resident-cadres/leaves?status=PendingTownship"),
        };
    }
}
