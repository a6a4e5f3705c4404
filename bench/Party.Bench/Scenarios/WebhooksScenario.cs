using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Party.Contracts.ResidentCadres;
using Party.ServiceDefaults;
using Party.ServiceDefaults.Auth;

namespace Party.Bench.Scenarios;

/// <summary>
/// Webhook fan-out under load: integration events are published to the running system's RabbitMQ at a target rate
/// (default 1,000/s, <c>--rate</c>) as <c>StipendPaymentDue</c> — a kind only the webhooks service consumes, so no
/// other service does work or keeps state for the bench's events — for <c>--duration</c> seconds, and the webhooks
/// service delivers each to <c>--receivers</c> (default 5) local HTTP receivers the bench starts and subscribes.
/// Reports the publish rate achieved against the target (the peer figure: a delivery figure means nothing when the
/// events never arrived at that rate), delivery latency from the event's occurrence to the receiver, every delivery
/// seen exactly once, and how long the backlog took to drain once publishing stopped.
/// </summary>
public sealed class WebhooksScenario : IScenario
{
    private const string Kind = "stipend-payment.due";
    private const string Scope = "finance.payments";

    public string Name => "webhooks";
    public string Description =>
        "events/s through RabbitMQ fanned out to local receivers (--rate 1000, --receivers 5): delivery p50/p99 and backlog drain time";

    public async Task<ScenarioReport> RunAsync(BenchContext context, CancellationToken ct)
    {
        var o = context.Options;
        var rate = int.Parse(o.Extra.GetValueOrDefault("rate", "1000"), System.Globalization.CultureInfo.InvariantCulture);
        var receiverCount = int.Parse(o.Extra.GetValueOrDefault("receivers", "5"), System.Globalization.CultureInfo.InvariantCulture);
        var rabbit = o.Extra.GetValueOrDefault("rabbitmq")
            ?? Environment.GetEnvironmentVariable("PARTY_BENCH_RABBITMQ")
            ?? "amqp://guest:guest@127.0.0.1:17672";
        var webhooksUrl = o.Services["webhooks"];
        var (village, county) = await SeedUnitsAsync(o.Postgres, ct);

        var receivers = new List<Receiver>();
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(new Uri(rabbit)));
        try
        {
            for (var i = 0; i < receiverCount; i++) receivers.Add(await Receiver.StartAsync(ct));
            var api = context.Client(webhooksUrl);
            for (var i = 0; i < receiverCount; i++) await SubscribeAsync(context, api, county, $"bench-webhooks-{i}", receivers[i].Url, ct);
            await bus.StartAsync(ct);

            // Warm-up: connections, JIT and the consumer's prefetch, outside the figures.
            var warm = Math.Max(50, (int)(rate * o.Warmup.TotalSeconds));
            context.Log.WriteLine($"  warm-up: {warm} events");
            await PublishAsync(bus, village, rate, warm, ct);
            await DrainAsync(receivers, warm, TimeSpan.FromMinutes(2), ct);
            foreach (var r in receivers) r.Reset();

            var total = (int)(rate * o.Duration.TotalSeconds);
            context.Log.WriteLine($"  measuring: {total:N0} events at {rate:N0}/s to {receiverCount} receivers");
            var drainDeadline = TimeSpan.FromSeconds(Math.Max(120, o.Duration.TotalSeconds * 20));
            // CPU per event: from the first publish until the receivers had every delivery (or the deadline).
            var (published, drained) = await context.CpuPerAsync(Name, $"{rate}/s (per event)", async () =>
            {
                var p = await PublishAsync(bus, village, rate, total, ct);
                return (p, await DrainAsync(receivers, total, drainDeadline, ct));
            }, _ => total);

            var deliveries = receivers.SelectMany(r => r.Latencies).ToList();
            deliveries.Sort();
            var unique = receivers.Sum(r => r.Unique);
            var duplicates = receivers.Sum(r => r.Requests) - unique;
            var expected = (long)total * receiverCount;
            var lastAt = receivers.Max(r => r.LastAt);
            var drainTime = lastAt > published.EndedAt ? lastAt - published.EndedAt : TimeSpan.Zero;
            var deliveryWindow = lastAt - published.StartedAt;
            var publishRow = LoadResult.From(Name, "publish", [published.Sample]);
            var deliveryRow = new LoadResult(Name, $"delivery×{receiverCount}", deliveries.Count, expected - unique, 0,
                LoadRunner.Percentile(deliveries, 0.50), LoadRunner.Percentile(deliveries, 0.95), LoadRunner.Percentile(deliveries, 0.99),
                deliveryWindow > TimeSpan.Zero ? unique / deliveryWindow.TotalSeconds : 0, deliveryWindow,
                drained ? null : $"{expected - unique} deliveries missing after {drainDeadline.TotalSeconds:0} s");
            var notes = new List<string>
            {
                "",
                $"publish: target {rate:N0} events/s, achieved {total / published.Sample.Elapsed.TotalSeconds:N0} events/s " +
                    $"({total:N0} events in {published.Sample.Elapsed.TotalSeconds:0.00} s)",
                "delivery latency = event occurredAt (set when published) → receiver got the request; " +
                    $"{unique:N0} of {expected:N0} deliveries seen, {duplicates:N0} repeated delivery ids",
                $"backlog drain: {drainTime.TotalSeconds:0.00} s from the last publish to the last delivery " +
                    $"(deliveries kept pace at {unique / deliveryWindow.TotalSeconds:N0}/s against {rate * receiverCount:N0}/s offered)",
                $"events are StipendPaymentDue for the bench's own village {village} (county {county}); " +
                    $"receivers subscribe as bench-webhooks-0…{receiverCount - 1}",
            };
            if (MachineLoad.Average() is { } load) notes.Add($"load average (1/5/15 min) at the end: {load}");
            return new ScenarioReport([publishRow, deliveryRow], notes);
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None);
            foreach (var r in receivers) await r.DisposeAsync();
        }
    }

    /// <summary>The bench's own county and village in the webhooks service's org-unit replica (fixed ids, added once), so
    /// the events reach no real bureau's subscription and the scenario needs no org tree registered beforehand.</summary>
    private static readonly Guid BenchCounty = Guid.Parse("b3c40000-0000-4000-8000-00000000c001");
    private static readonly Guid BenchVillage = Guid.Parse("b3c40000-0000-4000-8000-00000000c003");

    private static async Task<(Guid Village, Guid County)> SeedUnitsAsync(string postgres, CancellationToken ct)
    {
        var cs = new NpgsqlConnectionStringBuilder(postgres) { Database = "webhooks" }.ConnectionString;
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync(ct);
        var township = Guid.Parse("b3c40000-0000-4000-8000-00000000c002");
        var countyPath = $"/{BenchCounty:N}/";
        var townshipPath = $"{countyPath}{township:N}/";
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO org_units (id, code, name, kind, domain, parent_id, path, dissolved, version, events_applied, updated_at) VALUES
              ($1, 'BENCH-WH', '压测县委', 'CountyCommittee', 'GovernmentOrgan', NULL, $4, false, 1, 1, now()),
              ($2, 'BENCH-WH-T1', '压测乡镇党委', 'TownshipCommittee', 'GovernmentOrgan', $1, $5, false, 1, 1, now()),
              ($3, 'BENCH-WH-T1-V1', '压测村党支部', 'Branch', 'RuralVillage', $2, $6, false, 1, 1, now())
            ON CONFLICT (id) DO NOTHING
            """, conn);
        foreach (var v in new object[]
                 { BenchCounty, township, BenchVillage, countyPath, townshipPath, $"{townshipPath}{BenchVillage:N}/" })
            cmd.Parameters.Add(new NpgsqlParameter { Value = v });
        await cmd.ExecuteNonQueryAsync(ct);
        return (BenchVillage, BenchCounty);
    }

    /// <summary>One subscription per bench client: earlier runs' are disabled first, so each receiver gets each event once.</summary>
    private static async Task SubscribeAsync(
        BenchContext context, HttpClient api, Guid county, string clientId, string url, CancellationToken ct)
    {
        var token = context.Token(PartyRoles.Bureau, county, clientId, [Scope]);
        using (var list = await api.SendAsync(BenchContext.Request(HttpMethod.Get, "/api/webhooks/subscriptions?pageSize=200", token), ct))
        {
            var page = await EnsureAsync(list, ct);
            foreach (var s in page["items"]!.AsArray().Where(s => s!["enabled"]!.GetValue<bool>()))
                await EnsureAsync(await api.SendAsync(
                    BenchContext.Request(HttpMethod.Post, $"/api/webhooks/subscriptions/{s!["id"]}/disable", token), ct), ct);
        }
        await EnsureAsync(await api.SendAsync(BenchContext.Request(HttpMethod.Post, "/api/webhooks/subscriptions", token,
            new { url, eventKinds = new[] { Kind }, description = "bench receiver" }), ct), ct);
    }

    private static async Task<JsonNode> EnsureAsync(HttpResponseMessage response, CancellationToken ct)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
                throw new BenchSetupException($"{response.RequestMessage?.RequestUri}: HTTP {(int)response.StatusCode} {body}");
            return JsonNode.Parse(body.Length == 0 ? "{}" : body)!;
        }
    }

    /// <summary>
    /// Publishes <paramref name="count"/> events paced to <paramref name="rate"/>/s (publisher confirms, up to 256 in flight).
    /// </summary>
    private static Task<PacedSample> PublishAsync(IBus bus, Guid village, int rate, int count, CancellationToken ct) =>
        new PacedRunner(rate, inFlight: 256).RunAsync(count, async (_, token) =>
        {
            var now = DateTimeOffset.UtcNow;
            await bus.Publish(new StipendPaymentDue
            {
                StatementId = NewId.NextGuid(), CloseId = Guid.Empty, CadreId = Guid.Empty, VillageId = village,
                Year = 2026, Month = 1, Kind = "regular", Total = 0m,
                ApprovedOn = DateOnly.FromDateTime(now.UtcDateTime), DueOn = DateOnly.FromDateTime(now.UtcDateTime),
                OccurredAt = now,
            }, token);
            return null;
        }, ct);

    /// <summary>Waits until every receiver saw <paramref name="events"/> distinct deliveries, or the deadline.</summary>
    private static async Task<bool> DrainAsync(List<Receiver> receivers, int events, TimeSpan deadline, CancellationToken ct)
    {
        var until = Stopwatch.StartNew();
        while (receivers.Any(r => r.Unique < events))
        {
            if (until.Elapsed > deadline) return false;
            await Task.Delay(50, ct);
        }
        return true;
    }


    /// <summary>A bureau's receiver on a free loopback port: answers 204 at once and notes when each delivery id first arrived.</summary>
    private sealed class Receiver : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private ConcurrentDictionary<string, byte> _seen = new();
        private ConcurrentQueue<double> _latencies = new();
        private long _requests;
        private long _lastAtTicks;

        private Receiver(WebApplication app) => _app = app;

        public string Url { get; private set; } = "";
        public long Requests => Interlocked.Read(ref _requests);
        public int Unique => _seen.Count;
        public IReadOnlyCollection<double> Latencies => _latencies;
        public DateTimeOffset LastAt => new(Interlocked.Read(ref _lastAtTicks), TimeSpan.Zero);

        public void Reset()
        {
            _seen = new();
            _latencies = new();
            Interlocked.Exchange(ref _requests, 0);
        }

        public static async Task<Receiver> StartAsync(CancellationToken ct)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            var port = FreePorts.Next();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
            var app = builder.Build();
            var receiver = new Receiver(app);
            app.MapPost("/hook", async (HttpRequest request) =>
            {
                using var body = await JsonDocument.ParseAsync(request.Body);
                var now = DateTimeOffset.UtcNow;
                Interlocked.Increment(ref receiver._requests);
                var id = body.RootElement.GetProperty("id").GetString()!;
                if (receiver._seen.TryAdd(id, 0))
                {
                    receiver._latencies.Enqueue((now - body.RootElement.GetProperty("occurredAt").GetDateTimeOffset()).TotalMilliseconds);
                    Interlocked.Exchange(ref receiver._lastAtTicks, now.UtcTicks);
                }
                return Results.NoContent();
            });
            await app.StartAsync(ct);
            receiver.Url = $"http://127.0.0.1:{port}/hook";
            return receiver;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
