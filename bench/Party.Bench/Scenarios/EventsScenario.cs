using System.Diagnostics;
using System.Globalization;
using System.Net;
using Npgsql;
using Party.ServiceDefaults.Auth;

namespace Party.Bench.Scenarios;

/// <summary>
/// Event latency between services (issue 14): org units are created in branches at a sustained rate (default 100 and then
/// 500 per second for 30 s each, <c>--rates</c>, <c>--seconds</c>) and each one's <c>OrgUnitRegistered</c> travels
/// through branches' outbox, RabbitMQ and the consumers' inboxes into the org-unit replicas of members, honors and
/// resident-cadres. The latency of an event is the replica row's <c>updated_at</c> (set when the consumer applied it)
/// minus the branches row's <c>created_at</c> (set in the creating transaction): both are server clocks of this machine,
/// so neither the bench's own HTTP timing nor its polling enters the figure. The achieved create rate is printed beside
/// the target, because a latency at a rate that was not reached says little.
/// </summary>
public sealed class EventsScenario : IScenario
{
    /// <summary>The bench's own county committee: every unit the scenario creates is a township under it.</summary>
    private static readonly Guid BenchCounty = Guid.Parse("b3c40000-0000-4000-8000-00000000e001");

    private static readonly (string Service, string Database)[] Consumers =
        [("members", "members"), ("honors", "honors"), ("resident-cadres", "cadres")];

    private const double TargetP99Ms = 200; // at 500 events/s

    public string Name => "events";

    public string Description =>
        "org units created in branches at --rates 100,500 per s for --seconds 30: p50/p99 until each consumer's replica holds them";

    public async Task<ScenarioReport> RunAsync(BenchContext context, CancellationToken ct)
    {
        var o = context.Options;
        var rates = o.Extra.GetValueOrDefault("rates", "100,500")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(r => int.Parse(r, CultureInfo.InvariantCulture))
            .ToArray();
        var seconds = double.Parse(o.Extra.GetValueOrDefault("seconds", "30"), CultureInfo.InvariantCulture);
        var branches = context.Direct("branches");
        var token = context.Token(PartyRoles.Operator, Guid.Empty, "bench-events");
        await EnsureCountyAsync(branches, token, ct);
        var run = DateTime.UtcNow.ToString("yyMMddHHmmss", CultureInfo.InvariantCulture);

        var warm = Math.Max(20, (int)(50 * o.Warmup.TotalSeconds));
        context.Log.WriteLine($"  warm-up: {warm} org units at 50/s");
        var warmUp = await CreateAsync(branches, token, $"E{run}-W", 50, warm, o.Concurrency, ct);
        await ReplicatedAsync(o.Postgres, warmUp.Ids, TimeSpan.FromMinutes(2), ct);

        var results = new List<LoadResult>();
        var notes = new List<string> { "" };
        foreach (var rate in rates)
        {
            var count = (int)(rate * seconds);
            context.Log.WriteLine($"  measuring: {count:N0} org units at {rate:N0}/s");
            var drainDeadline = TimeSpan.FromSeconds(Math.Max(120, seconds * 10));
            // CPU per event: from the first create until every consumer applied the last one.
            var (created, missing) = await context.CpuPerAsync(Name, $"{rate}/s (per event)", async () =>
            {
                var c = await CreateAsync(branches, token, $"E{run}-{rate}", rate, count, Math.Max(o.Concurrency, rate / 10), ct);
                return (c, await ReplicatedAsync(o.Postgres, c.Ids, drainDeadline, ct));
            }, r => r.c.Ids.Count);
            var achieved = created.Ids.Count / created.Sample.Elapsed.TotalSeconds;
            results.Add(LoadResult.From(Name, $"{rate}/s create", [created.Sample]));
            var committedAt = await TimesAsync(o.Postgres, "branches", "created_at", created.Ids, ct);
            foreach (var (service, database) in Consumers)
            {
                var appliedAt = await TimesAsync(o.Postgres, database, "updated_at", created.Ids, ct);
                var latencies = appliedAt
                    .Where(a => committedAt.ContainsKey(a.Key))
                    .Select(a => (a.Value - committedAt[a.Key]).TotalMilliseconds)
                    .Order()
                    .ToList();
                var lost = created.Ids.Count - latencies.Count;
                var lostNote = lost > 0
                    ? $"{lost} of {created.Ids.Count} not in {service}'s replica after {drainDeadline.TotalSeconds:0} s"
                    : null;
                results.Add(new LoadResult(Name, $"{rate}/s → {service}", latencies.Count, lost, 0,
                    LoadRunner.Percentile(latencies, 0.50), LoadRunner.Percentile(latencies, 0.95),
                    LoadRunner.Percentile(latencies, 0.99), achieved, created.Sample.Elapsed, lostNote));
            }
            notes.Add($"{rate}/s: target {rate:N0} creates/s, achieved {achieved:N0}/s " +
                $"({created.Ids.Count:N0} in {created.Sample.Elapsed.TotalSeconds:0.0} s, {created.Sample.Errors:N0} refused); " +
                $"{missing:N0} events not replicated everywhere by the deadline");
        }
        notes.Add("latency = consumer's replica updated_at − branches' created_at of the same org unit (server clocks, same machine); " +
            $"target p99 < {TargetP99Ms:0} ms at 500 events/s sustained");
        notes.Add($"units are townships under the bench's county committee {BenchCounty} (codes E<run>-<rate>-<n>)");
        if (MachineLoad.Average() is { } load) notes.Add($"load average (1/5/15 min) at the end: {load}");
        return new ScenarioReport(results, notes);
    }

    private static async Task EnsureCountyAsync(HttpClient branches, string token, CancellationToken ct)
    {
        using var response = await branches.SendAsync(BenchContext.Request(HttpMethod.Post, "/api/branches/org-units", token,
            new { id = BenchCounty, code = "BENCH-EVENTS", name = "事件压测县委", kind = "countyCommittee", domain = "governmentOrgan" }), ct);
        if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.Conflict) return;
        var problem = await response.Content.ReadAsStringAsync(ct);
        throw new BenchSetupException($"creating the bench county: HTTP {(int)response.StatusCode} {problem}");
    }

    private sealed record Created(List<Guid> Ids, LoadSample Sample);

    /// <summary>
    /// Paced creates (<see cref="PacedRunner"/>): when the service falls behind, the schedule slips and the achieved rate
    /// shows it. Only the units answered 201 are followed into the replicas.
    /// </summary>
    private static async Task<Created> CreateAsync(HttpClient branches, string token, string codePrefix, int rate, int count, int inFlight,
        CancellationToken ct)
    {
        var ids = new List<Guid>(count);
        var paced = await new PacedRunner(rate, inFlight).RunAsync(count, async (i, cancellation) =>
        {
            var id = Guid.CreateVersion7();
            var body = new
            {
                id, code = $"{codePrefix}-{i}", name = $"压测乡镇{i}", kind = "townshipCommittee", domain = "governmentOrgan",
                parentId = BenchCounty,
            };
            using var request = BenchContext.Request(HttpMethod.Post, "/api/branches/org-units", token, body);
            using var response = await branches.SendAsync(request, cancellation);
            var text = await response.Content.ReadAsStringAsync(cancellation);
            if (response.StatusCode != HttpStatusCode.Created) return $"HTTP {(int)response.StatusCode} {text}";
            lock (ids) ids.Add(id);
            return null;
        }, ct);
        return new Created(ids, paced.Sample);
    }

    /// <summary>Waits until every consumer's replica holds every unit, or the deadline; returns how many are still missing.</summary>
    private static async Task<int> ReplicatedAsync(string postgres, List<Guid> ids, TimeSpan deadline, CancellationToken ct)
    {
        var until = Stopwatch.StartNew();
        while (true)
        {
            var missing = 0;
            foreach (var (_, database) in Consumers)
            {
                await using var conn = await OpenAsync(postgres, database, ct);
                await using var cmd = new NpgsqlCommand("SELECT count(*) FROM org_units WHERE id = ANY($1)", conn)
                {
                    Parameters = { new() { Value = ids.ToArray() } },
                };
                missing = Math.Max(missing, ids.Count - Convert.ToInt32(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture));
            }
            if (missing == 0 || until.Elapsed > deadline) return missing;
            await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
        }
    }

    private static async Task<Dictionary<Guid, DateTimeOffset>> TimesAsync(string postgres, string database, string column, List<Guid> ids,
        CancellationToken ct)
    {
        await using var conn = await OpenAsync(postgres, database, ct);
        await using var cmd = new NpgsqlCommand($"SELECT id, {column} FROM org_units WHERE id = ANY($1)", conn)
        {
            Parameters = { new() { Value = ids.ToArray() } },
        };
        var times = new Dictionary<Guid, DateTimeOffset>(ids.Count);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) times[reader.GetGuid(0)] = reader.GetFieldValue<DateTimeOffset>(1);
        return times;
    }

    private static async Task<NpgsqlConnection> OpenAsync(string postgres, string database, CancellationToken ct)
    {
        var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(postgres) { Database = database }.ConnectionString);
        await conn.OpenAsync(ct);
        return conn;
    }
}
