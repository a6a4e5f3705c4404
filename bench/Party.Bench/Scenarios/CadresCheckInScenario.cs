using System.Globalization;
using System.Net;

namespace Party.Bench.Scenarios;

/// <summary>
/// The morning burst of check-ins (每日签到) at province scale: 10,000 resident cadres each send
/// <c>POST /api/resident-cadres/me/check-ins</c> once through the gateway, from inside their
/// village's geofence, with their own cadre token (<c>sub</c> = the registered user id) and
/// device. Then the same 10,000 again: a phone retrying gets the same check-in back (idempotent
/// replay). Today's check-ins of the bench cadres are deleted first, so every run measures first
/// check-ins. Targets (issue 14): first check-ins ≥ 1,000/s, replays ≥ 1,500/s, both with p99 &lt; 100 ms.
/// </summary>
public sealed class CadresCheckInScenario : IScenario
{
    private const double FirstTargetPerSecond = 1_000;
    /// <summary>A repeat writes nothing, so the issue asks more of it.</summary>
    private const double ReplayTargetPerSecond = 1_500;
    private const double TargetP99Ms = 100;

    public string Name => "cadres-checkin";
    public string Description =>
        "10,000 cadres check in once through the gateway (first check-ins), then replay (idempotent); " +
        "throughput and p99 (target ≥ 1,000/s first, ≥ 1,500/s replay, p99 < 100 ms); --direct true bypasses the gateway";

    public async Task<ScenarioReport> RunAsync(BenchContext context, CancellationToken ct)
    {
        await using var db = CadresFixture.Open(context);
        await CadresFixture.EnsureCheckInSetAsync(db, context.Log, ct);
        var today = CadresFixture.Today();
        var cleared = await CadresFixture.ResetTodayAsync(db, today, ct);
        context.Log.WriteLine(
            $"  {today:yyyy-MM-dd} (Asia/Shanghai): deleted {cleared:N0} check-ins of bench cadres from an earlier run today");

        // Cadre n = 1 … 10,500 (the last 500 only warm up); tokens minted before the clock starts.
        var total = CadresFixture.CheckInCadres + CadresFixture.WarmupCadres;
        var tokens = new string[total + 1];
        var bodies = new object[total + 1];
        for (var n = 1; n <= total; n++)
        {
            var user = CadresFixture.CheckInUserId(n);
            tokens[n] = context.Token("cadre", CadresFixture.CheckInVillageId(n), user, name: $"基准干部{n:D5}");
            var (lat, lon) = CadresFixture.CheckInOffice(n);
            // About 220 m north of the village office: inside the 1,000 m default geofence, so a valid check-in.
            bodies[n] = new
            {
                latitude = lat + 0.002,
                longitude = lon,
                accuracyMeters = 15.0,
                deviceId = $"bench-device-{n:D5}",
                mockLocation = false,
            };
        }
        // --direct true sends straight to the resident-cadres service: the same burst without the gateway, to see its share.
        var direct = context.Options.Extra.TryGetValue("direct", out var d) && d is "1" or "true";
        var client = direct ? context.Direct("resident-cadres") : context.Gateway;
        var suffix = direct ? "-direct" : "";
        Task<HttpResponseMessage> Send(int n, CancellationToken t) =>
            client.SendAsync(BenchContext.Request(HttpMethod.Post, "api/resident-cadres/me/check-ins", tokens[n], bodies[n]), t);
        var concurrency = context.Options.Concurrency;

        if (context.Options.Warmup > TimeSpan.Zero)
        {
            // Other cadres check in, then repeat their check-ins for the rest of the warm-up time, so a freshly started
            // system has compiled its hot paths and filled its pools before the measured burst, as it would by 7 a.m.
            context.Log.WriteLine($"  warm-up: {CadresFixture.WarmupCadres} other bench cadres check in, " +
                $"then repeat for {context.Options.Warmup.TotalSeconds:0} s …");
            var warmup = System.Diagnostics.Stopwatch.StartNew();
            do
            {
                await new BurstRunner(concurrency)
                    .RunAsync(CadresFixture.WarmupCadres, (i, t) => Send(CadresFixture.CheckInCadres + 1 + i, t), ct);
            } while (warmup.Elapsed < context.Options.Warmup);
        }

        context.Log.WriteLine($"  first check-ins: {CadresFixture.CheckInCadres:N0} cadres at concurrency {concurrency} …");
        var first = await context.BurstAsync(Name, "first" + suffix, () =>
            new BurstRunner(concurrency, r => r.StatusCode == HttpStatusCode.Created)
                .RunAsync(CadresFixture.CheckInCadres, (i, t) => Send(i + 1, t), ct));
        context.Log.WriteLine($"  replays: the same {CadresFixture.CheckInCadres:N0} again …");
        var replay = await context.BurstAsync(Name, "replay" + suffix, () =>
            new BurstRunner(concurrency, r => r.StatusCode == HttpStatusCode.OK)
                .RunAsync(CadresFixture.CheckInCadres, (i, t) => Send(i + 1, t), ct));

        var results = new[]
        {
            (Result: LoadResult.From(Name, "first" + suffix, [first]), Target: FirstTargetPerSecond),
            (Result: LoadResult.From(Name, "replay" + suffix, [replay]), Target: ReplayTargetPerSecond),
        };
        var stored = await CadresFixture.TodaySummaryAsync(db, today, ct);
        var notes = new List<string>
        {
            "",
            $"{CadresFixture.CheckInCadres:N0} distinct cadres (own token and device each, 100 townships), " +
                $"{(direct ? "straight to the service (no gateway)" : "through the gateway")}, concurrency {concurrency}; " +
                $"first burst {Seconds(first.Elapsed)} s, replay burst {Seconds(replay.Elapsed)} s. " +
                "First counts only 201 Created as success, replay only 200 OK with the stored check-in.",
            $"stored for {today:yyyy-MM-dd}: {(stored.Count == 0 ? "nothing" : string.Join(", ", stored))}",
            "rate limit: the gateway limits per token subject (default 600 per 10 s); " +
                "every cadre is its own subject and sends 2 requests, so it does not bind.",
        };
        foreach (var (r, target) in results)
        {
            var met = r.Errors == 0 && r.Throughput >= target && r.P99Ms < TargetP99Ms;
            notes.Add($"target {r.Variant}: {r.Throughput.ToString("N0", CultureInfo.InvariantCulture)}/s (≥ {target:N0}), " +
                $"p99 {ResultTable.Ms(r.P99Ms)} ms (< {TargetP99Ms:0}), errors {r.Errors:N0} → {(met ? "MET" : "NOT MET")}");
        }
        notes.Add($"load average (1/5/15 min) after the run: {LoadAverage()}");
        return new ScenarioReport([.. results.Select(x => x.Result)], notes);
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);

    internal static string LoadAverage()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"{parts[0]} {parts[1]} {parts[2]} on {Environment.ProcessorCount} cores";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
