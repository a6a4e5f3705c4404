using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Npgsql;
using StackExchange.Redis;

namespace Party.Bench.Scenarios;

/// <summary>
/// The public honor roll (光荣榜), <c>GET /api/honors/roll?org=&amp;year=</c>, read anonymously through
/// the gateway: a township's and the county's roll with the Redis cache warm, and the same reads as
/// misses (the cache generation is bumped before each read, outside the timing, as an award does),
/// so the table shows what the cache saves. Seeds <see cref="HonorRollFixture"/> first.
/// </summary>
public sealed class HonorRollScenario : IScenario
{
    /// <summary>
    /// Mirrors the private <c>HonorRollCache.GenerationKey</c> of the honors service: bumping it drops every cached page.
    /// </summary>
    private const string GenerationKey = "honors:roll:gen";
    /// <summary>The page size the honors service uses when none is given (<c>Paging.Resolve</c>): part of the cache key.</summary>
    private const int DefaultPageSize = 50;

    public string Name => "honors-roll";
    public string Description => "anonymous GET /api/honors/roll through the gateway: township and county roll, cache warm vs. miss";

    public async Task<ScenarioReport> RunAsync(BenchContext context, CancellationToken ct)
    {
        var seeded = await SeedAsync(context, ct);

        using var redis = await ConnectRedisAsync(context.Options.Redis);
        var cache = redis.GetDatabase();
        // A fresh fixture must not be hidden by pages cached before it existed.
        if (seeded.Awards + seeded.Profiles + seeded.OrgUnits > 0) await cache.StringIncrementAsync(GenerationKey);

        using var visitors = new AnonymousVisitors(context.Options.Gateway, context.Options.Clients, context.Options.Concurrency);
        if (!visitors.DistinctAddresses)
        {
            context.Log.WriteLine("  the gateway is not on this machine's loopback: every visitor shares one address, " +
                "so the per-address limit may answer 429");
        }
        var township = $"api/honors/roll?org={HonorRollFixture.TownshipId}&year={HonorRollFixture.Year}";
        var county = $"api/honors/roll?org={HonorRollFixture.CountyId}&year={HonorRollFixture.Year}";
        await CheckAsync(context, visitors, cache, HonorRollFixture.TownshipId, seeded.TownshipRollTotal, ct);
        await CheckAsync(context, visitors, cache, HonorRollFixture.CountyId, seeded.CountyRollTotal, ct);

        RequestFactory Get(string path) => (_, t) => visitors.Next().GetAsync(path, HttpCompletionOption.ResponseContentRead, t);
        PrepareStep invalidate = (_, _) => cache.StringIncrementAsync(GenerationKey);

        // Warm and miss are measured apart: a miss run drops every cached page, and the first requests
        // of a warm run after it would all be misses and land in its p99.
        var warm = await context.CompareAsync(Name,
        [
            new Variant("township-warm", Get(township)),
            new Variant("county-warm", Get(county)),
        ], ct, rounds: 2);
        var miss = await context.CompareAsync(Name,
        [
            new Variant("township-miss", Get(township), Prepare: invalidate),
            new Variant("county-miss", Get(county), Prepare: invalidate),
        ], ct, rounds: 2);

        var notes = new List<string>
        {
            "",
            $"fixture: county {HonorRollFixture.CountyId} " +
                $"({HonorRollFixture.Townships} townships × {HonorRollFixture.VillagesPerTownship} villages), " +
                $"year {HonorRollFixture.Year}: county roll {seeded.CountyRollTotal:N0} awards, " +
                $"township roll {seeded.TownshipRollTotal:N0}; page 1 of {DefaultPageSize}",
            MissCost("township", warm[0], miss[0]),
            MissCost("county", warm[1], miss[1]),
            "a miss variant bumps the cache generation before each read (not timed), as an award or revocation does; " +
                "its req/s counts that step too",
        };
        if (warm.Concat(miss).Sum(r => r.RateLimited) > 0)
        {
            notes.Add("note: some reads were rate-limited (429): the gateway limits each anonymous address; " +
                "raise --clients (one loopback address per client).");
        }
        if (LoadAverage() is { } load) notes.Add($"load average (1/5/15 min) at the end: {load}");
        return new ScenarioReport([.. warm, .. miss], notes);
    }

    private static async Task<HonorRollFixture.Seeded> SeedAsync(BenchContext context, CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(context.Options.Postgres);
        if (string.IsNullOrEmpty(builder.Database) || builder.Database == "postgres") builder.Database = "honors";
        try
        {
            var seeded = await HonorRollFixture.EnsureAsync(builder.ConnectionString, ct);
            context.Log.WriteLine(seeded.OrgUnits + seeded.Awards + seeded.Profiles == 0
                ? $"  fixture present in {builder.Host}:{builder.Port}/{builder.Database}: nothing to add"
                : $"  fixture seeded into {builder.Host}:{builder.Port}/{builder.Database}: " +
                    $"{seeded.OrgUnits} org units, {seeded.Awards} awards, {seeded.Profiles} profiles");
            return seeded;
        }
        catch (Exception e) when (e is NpgsqlException or PostgresException)
        {
            throw new BenchSetupException(
                $"cannot seed the honor-roll fixture into {builder.Host}:{builder.Port}/{builder.Database}: {e.Message} " +
                "(is ./party run up? pass --postgres or PARTY_BENCH_POSTGRES for another server)");
        }
    }

    private static async Task<ConnectionMultiplexer> ConnectRedisAsync(string configuration)
    {
        try
        {
            return await ConnectionMultiplexer.ConnectAsync(configuration);
        }
        catch (RedisConnectionException e)
        {
            throw new BenchSetupException($"cannot reach Redis at {configuration}: {e.Message} (pass --redis or PARTY_BENCH_REDIS)");
        }
    }

    /// <summary>
    /// Before measuring: the roll answers anonymously with the fixture's total, and a read after a
    /// generation bump fills the key the benchmark assumes, so the miss variants really miss.
    /// </summary>
    private static async Task CheckAsync(
        BenchContext context, AnonymousVisitors visitors, IDatabase cache, Guid org, long expectedTotal, CancellationToken ct)
    {
        var generation = await cache.StringIncrementAsync(GenerationKey);
        var key = $"honors:roll:{generation}:{org}:{HonorRollFixture.Year}:1:{DefaultPageSize}";
        using var response = await visitors.Next().GetAsync($"api/honors/roll?org={org}&year={HonorRollFixture.Year}", ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new BenchSetupException(
                $"anonymous GET /api/honors/roll?org={org} through the gateway answered {(int)response.StatusCode}: {body}");
        }
        using var json = JsonDocument.Parse(body);
        var total = json.RootElement.GetProperty("total").GetInt64();
        var items = json.RootElement.GetProperty("items").GetArrayLength();
        if (total != expectedTotal || items != Math.Min(expectedTotal, DefaultPageSize))
        {
            throw new BenchSetupException($"the roll of {org} shows {total} awards ({items} on page 1); the fixture has {expectedTotal}");
        }
        if (!await cache.KeyExistsAsync(key))
        {
            throw new BenchSetupException(
                $"a roll read did not fill the Redis key {key}: the honors cache keys changed, so this scenario cannot force misses");
        }
    }

    private static string MissCost(string roll, LoadResult warm, LoadResult miss) =>
        $"miss cost ({roll}): median {Delta(miss.MedianMs, warm.MedianMs)} " +
        $"({ResultTable.Ms(warm.MedianMs)} → {ResultTable.Ms(miss.MedianMs)} ms), " +
        $"p99 {Delta(miss.P99Ms, warm.P99Ms)} ({ResultTable.Ms(warm.P99Ms)} → {ResultTable.Ms(miss.P99Ms)} ms), " +
        $"throughput ×{(warm.Throughput > 0 ? (miss.Throughput / warm.Throughput).ToString("0.00", CultureInfo.InvariantCulture) : "-")}";

    private static string Delta(double a, double b) =>
        double.IsNaN(a) || double.IsNaN(b) ? "-" : $"{(a - b >= 0 ? "+" : "")}{ResultTable.Ms(a - b)} ms";

    private static string? LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}

/// <summary>
/// Anonymous visitors of the public roll. The gateway limits an anonymous caller by its address, and
/// real visitors come from many; so each visitor is a client whose connections leave from its own
/// loopback address (127.1.x.y; all of 127.0.0.0/8 is loopback on Linux), and requests go round-robin
/// over them. No token is sent.
/// </summary>
public sealed class AnonymousVisitors : IDisposable
{
    private readonly HttpClient[] _clients;
    private long _next = -1;

    public AnonymousVisitors(string gateway, int count, int concurrency)
    {
        var target = new Uri(gateway);
        DistinctAddresses = IPAddress.TryParse(target.Host, out var ip)
            ? IPAddress.IsLoopback(ip) && ip.AddressFamily == AddressFamily.InterNetwork
            : target.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase);
        var connectTo = new IPEndPoint(ip is { AddressFamily: AddressFamily.InterNetwork } ? ip : IPAddress.Loopback, target.Port);
        var perClient = Math.Max(2, concurrency / Math.Max(1, count) + 2);
        _clients = Enumerable.Range(0, DistinctAddresses ? count : 1).Select(i =>
        {
            var handler = new SocketsHttpHandler
            {
                MaxConnectionsPerServer = DistinctAddresses ? perClient : concurrency + 4,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.None,
                ConnectTimeout = TimeSpan.FromSeconds(5),
            };
            if (DistinctAddresses)
            {
                var source = new IPAddress([127, 1, (byte)(i / 250), (byte)(i % 250 + 1)]);
                handler.ConnectCallback = async (_, ct) =>
                {
                    var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                    try
                    {
                        socket.Bind(new IPEndPoint(source, 0));
                        await socket.ConnectAsync(connectTo, ct);
                        return new NetworkStream(socket, ownsSocket: true);
                    }
                    catch
                    {
                        socket.Dispose();
                        throw;
                    }
                };
            }
            return new HttpClient(handler) { BaseAddress = new Uri(gateway.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(60) };
        }).ToArray();
    }

    /// <summary>False when the gateway is not on the loopback: then all visitors share this machine's one address.</summary>
    public bool DistinctAddresses { get; }

    public HttpClient Next() => _clients[(int)((ulong)Interlocked.Increment(ref _next) % (ulong)_clients.Length)];

    public void Dispose()
    {
        foreach (var c in _clients) c.Dispose();
    }
}
