using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Party.Bench.Scenarios;

/// <summary>
/// The monthly close with stipend statements (月度关账) of a township with 10,000 resident cadres:
/// <c>POST /api/resident-cadres/months/{y}/{m}/close</c> through the gateway as the township,
/// timed end to end, on last month and — a second close of a month never closed in this run — the
/// month before. The months' data (about 258,000 check-ins each, leaves, errands, violations) is
/// seeded once; a bench close of the same month from an earlier run is undone first, so each run
/// measures a real first close. Target (issue 5): under 10 s.
/// </summary>
public sealed class CadresCloseScenario : IScenario
{
    private static readonly TimeSpan Target = TimeSpan.FromSeconds(10);

    public string Name => "cadres-close";
    public string Description =>
        "month close + stipend statements of a township with 10,000 cadres (last month, then the month before); wall time (target < 10 s)";

    public async Task<ScenarioReport> RunAsync(BenchContext context, CancellationToken ct)
    {
        var today = CadresFixture.Today();
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        var months = new[] { thisMonth.AddMonths(-1), thisMonth.AddMonths(-2) };

        await using var db = CadresFixture.Open(context);
        // One cadre in ten is assigned from the 10th of the older month: a partial month there, a full one after.
        await CadresFixture.EnsureCloseSetAsync(db, months[1].AddDays(9), context.Log, ct);
        foreach (var m in months) await CadresFixture.EnsureCloseMonthAsync(db, m.Year, m.Month, context.Log, ct);

        var token = context.Token("township", CadresFixture.CloseTownshipId, "bench-close-township", name: "基准测试关账乡镇");
        var results = new List<LoadResult>();
        var notes = new List<string> { "" };
        foreach (var (m, variant) in months.Zip(new[] { "last-month", "month-before" }))
        {
            if (await CadresFixture.ReopenCloseMonthAsync(db, m.Year, m.Month, ct) > 0)
                context.Log.WriteLine($"  {m:yyyy-MM}: undid the bench close of an earlier run");
            context.Log.WriteLine($"  closing {m:yyyy-MM} for township {CadresFixture.CloseTownshipId} …");
            using var request = BenchContext.Request(HttpMethod.Post, $"api/resident-cadres/months/{m.Year}/{m.Month}/close", token,
                new { townshipId = CadresFixture.CloseTownshipId });
            var started = Stopwatch.GetTimestamp();
            using var response = await context.Gateway.SendAsync(request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            var elapsed = Stopwatch.GetElapsedTime(started);
            var ok = response.StatusCode == HttpStatusCode.Created;
            var ms = elapsed.TotalMilliseconds;
            results.Add(new LoadResult(Name, $"{variant} {m:yyyy-MM}", 1, ok ? 0 : 1, (int)response.StatusCode == 429 ? 1 : 0, ms, ms, ms,
                1 / elapsed.TotalSeconds, elapsed,
                ok ? null : $"HTTP {(int)response.StatusCode} {(body.Length <= 300 ? body : body[..300] + "…")}"));
            if (!ok) continue;
            using var doc = JsonDocument.Parse(body);
            var cadres = doc.RootElement.GetProperty("cadres").GetInt32();
            var pending = doc.RootElement.GetProperty("pendingTownship").GetInt32();
            var met = cadres == CadresFixture.CloseCadres && elapsed < Target;
            notes.Add($"{m:yyyy-MM}: closed {cadres:N0} cadres, {pending:N0} statements awaiting the township, in " +
                $"{elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s " +
                $"(target < {Target.TotalSeconds:0} s) → {(met ? "MET" : "NOT MET")}");
        }
        notes.Add("one request each (the close is a single transaction); the latency columns are its wall time through the gateway.");
        notes.Add($"load average (1/5/15 min) after the run: {CadresCheckInScenario.LoadAverage()}");
        return new ScenarioReport(results, notes);
    }
}
