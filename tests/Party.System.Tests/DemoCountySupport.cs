using Party.Demo;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.System.Tests;

/// <summary>
/// The demo county at a small scale, loaded once per system (the tests of the collection share one): the load checks
/// (<see cref="DemoCountyTests"/>) and the newcomer's walkthrough in the portal (<see cref="DemoWalkthroughTests"/>) read the
/// same county, whichever runs first.
/// </summary>
internal static class DemoCountySupport
{
    public const double Scale = 0.02;

    /// <param name="Counts">What was on file right after the first load (a walkthrough may have worked through some since).</param>
    public sealed record Loaded(DemoCounty County, DemoLoader First, string Log, IReadOnlyDictionary<string, long> Counts);

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static (SystemFixture System, Loaded Load)? _loaded;

    public static async Task<Loaded> LoadOnceAsync(SystemFixture system)
    {
        await Gate.WaitAsync();
        try
        {
            if (_loaded is { } done && ReferenceEquals(done.System, system)) return done.Load;
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(20));
            var county = DemoCounty.Generate(Scale, DemoClock.Today());
            using var api = new DemoApi(system.GatewayUrl, system.DevClientSecret);
            var log = new StringWriter();
            var first = new DemoLoader(api, county, log);
            await first.LoadAsync(timeout.Token);
            var loaded = new Loaded(county, first, log.ToString(), await system.DemoCountsAsync(county));
            // What the load made, beside the run's screenshots: the numbers a newcomer's demo county starts with.
            Directory.CreateDirectory(PortalSupport.ScreenshotDir);
            await File.WriteAllTextAsync(Path.Combine(PortalSupport.ScreenshotDir, "demo-county-load.txt"),
                $"scale {Scale}\ncreated: {string.Join(", ", first.Created.OrderBy(k => k.Key))}\n" +
                $"refused: {string.Join(", ", first.Refused.OrderBy(k => k.Key))}\n" +
                $"on file: {string.Join(", ", loaded.Counts)}\n\n{loaded.Log}");
            _loaded = (system, loaded);
            return loaded;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>The demo township (the printed township account's): the first township of the county.</summary>
    public static DemoTownship DemoTownship(this DemoCounty county) => county.Townships[0];

    /// <summary>What is on file for the county, as its own office lists it, and what waits for the demo township.</summary>
    public static async Task<Dictionary<string, long>> DemoCountsAsync(this SystemFixture system, DemoCounty county)
    {
        var office = system.Gateway(PartyRoles.County, county.CountyId);
        var township = system.Gateway(PartyRoles.Township, county.DemoTownship().Id);
        static async Task<long> Total(HttpClient client, string path) =>
            (await (await client.GetAsync(path + (path.Contains('?') ? "&" : "?") + "pageSize=1")).AssertStatusAsync(200))["total"]!
                .GetValue<long>();
        var year = county.Today.Year;
        return new Dictionary<string, long>
        {
            ["org units"] = await Total(office, $"/api/branches/org-units?under={county.CountyId}"),
            ["members"] = await Total(office, "/api/members/members"),
            ["points entries"] = await Total(office, $"/api/members/points/entries?year={year}"),
            ["pending entries"] = await Total(office, $"/api/members/points/entries?year={year}&status=Proposed"),
            ["meetings"] = await Total(office, "/api/branches/meetings"),
            ["ratings"] = await Total(office, $"/api/branches/ratings?year={year}"),
            ["cadres"] = await Total(office, "/api/resident-cadres/cadres"),
            ["check-ins"] = await Total(office, "/api/resident-cadres/check-ins"),
            ["leaves"] = await Total(office, "/api/resident-cadres/leaves"),
            ["pending leaves"] = await Total(office, "/api/resident-cadres/leaves?status=PendingTownship"),
            ["nominations"] = await Total(office, $"/api/honors/nominations?year={year}"),
            ["nominations in review"] = await Total(office, $"/api/honors/nominations?year={year}&status=underReview"),
            ["nominations on notice"] = await Total(office, $"/api/honors/nominations?year={year}&status=onNotice"),
            ["township pending entries"] = await Total(township, "/api/members/points/entries?status=Proposed"),
            ["township pending leaves"] = await Total(township, "/api/resident-cadres/leaves?status=PendingTownship"),
            ["township ratings to score"] = await Total(township, $"/api/branches/ratings?year={year}&status=selfAssessed"),
            ["township nominations in review"] = await Total(township, $"/api/honors/nominations?year={year}&status=underReview"),
        };
    }
}
