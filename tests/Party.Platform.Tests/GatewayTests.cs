using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Party.ServiceDefaults.Redis;
using Party.Testing;
using Xunit.Abstractions;
using Party.ServiceDefaults;

namespace Party.Platform.Tests;

public class GatewayHealthTests(KestrelBranchesFactory branches) : IClassFixture<KestrelBranchesFactory>
{
    [Fact]
    public async Task Gateway_health_names_every_cluster_without_a_healthy_instance()
    {
        await using var redis = await OwnRedis.StartAsync();
        var up = branches.CreateClient().BaseAddress!.ToString().TrimEnd('/');
        var nobody = $"http://127.0.0.1:{FreePorts.Next()}";
        await using var gw = GatewayFactory.Start(redis, new Dictionary<string, string>
        {
            ["branches"] = up, ["members"] = nobody, ["resident-cadres"] = nobody, ["honors"] = nobody,
        });
        var client = gw.CreateClient();

        var (status, body) = await Eventually.ResultAsync(async () =>
        {
            var response = await client.GetAsync("/health");
            return (response.StatusCode, Body: JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
        }, h => h.Body["checks"]?["clusters"]?["data"] is JsonObject data && data["branches"]?.GetValue<string>() == "1/1"
                && new[] { "members", "resident-cadres", "honors" }.All(c => data[c]?.GetValue<string>() == "0/1"),
                    TimeSpan.FromSeconds(20), "active probes settled");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Degraded", body["status"]!.GetValue<string>());
        var problems = string.Join(" | ", body["problems"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Contains("members（0/1", problems);
        Assert.Contains("resident-cadres（0/1", problems);
        Assert.Contains("honors（0/1", problems);
        Assert.DoesNotContain("branches（", problems);
    }
}

/// <summary>
/// Redis stalled (SIGSTOP on a redis-server of the test's own) under the gateway: the shared rate limit fails open —
/// counted in <c>party.gateway.rate_limit.fail_open</c> — instead of every call waiting for Redis, so calls stay
/// within 2× of their normal latency and none fails.
/// </summary>
[Collection(LatencyCollection.Name)]
public class GatewayRedisStallTests(KestrelBranchesFactory branches, ITestOutputHelper output) : IClassFixture<KestrelBranchesFactory>
{
    private const int Rounds = 4;
    private const int CallsPerRound = 40;

    [Fact]
    public async Task With_redis_stalled_calls_keep_their_latency_and_the_rate_limit_fails_open_counted()
    {
        await using var redis = await OwnRedis.StartAsync();
        var up = branches.CreateClient().BaseAddress!.ToString().TrimEnd('/');
        // Every call asks Redis (no leased permits to spend while it is stalled), so every stalled call shows the fail-open path.
        await using var gw = GatewayFactory.Start(redis, new Dictionary<string, string> { ["branches"] = up },
            new Dictionary<string, string> { ["Gateway:RateLimit:LeasePercent"] = "0" });
        var tree = await new OrgTreeClient(branches.OperatorClient()).CreateCountyAsync("R" + Guid.NewGuid().ToString("N")[..7], 1, 1);
        var client = gw.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", Tokens.Mint(Party.ServiceDefaults.Auth.PartyRoles.County, tree.County));
        var url = $"{OrgTreeClient.Url}?under={tree.County}";
        var gate = gw.Services.GetRequiredService<RedisGate>();

        long failedOpen = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
            { if (instrument.Name == "party.gateway.rate_limit.fail_open") l.EnableMeasurementEvents(instrument); };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref failedOpen, value));
        listener.Start();

        await MeasureAsync(client, url, 20, []); // warm-up: connections, JIT
        // Normal and stalled in alternating rounds, so both see the same load on the machine.
        var normal = new List<double>();
        var stalled = new List<double>();
        var serverErrors = 0;
        for (var round = 0; round < Rounds; round++)
        {
            await Eventually.TrueAsync(async () => { await client.GetAsync(url); return gate.Unavailable is null; },
                TimeSpan.FromSeconds(20), "Redis in use again");
            var openBefore = Interlocked.Read(ref failedOpen);
            serverErrors += await MeasureAsync(client, url, CallsPerRound, normal);
            Assert.Equal(openBefore, Interlocked.Read(ref failedOpen));

            redis.Freeze();
            try
            {
                serverErrors += await MeasureAsync(client, url, CallsPerRound, stalled);
            }
            finally
            {
                redis.Thaw();
            }
            Assert.True(Interlocked.Read(ref failedOpen) - openBefore >= CallsPerRound, "every stalled call counted as failing open");
        }

        var (n, s) = (Latencies.Of(normal), Latencies.Of(stalled));
        output.WriteLine($"gateway → branches GET, {normal.Count} calls each: Redis up {n}; Redis stalled (SIGSTOP) {s}");
        Assert.Equal(0, serverErrors);
        Assert.True(s.Median <= 2 * n.Median, $"median within 2× of normal: stalled {s} vs normal {n}");
        // Only the first call of each stalled round may wait out the Redis timeout (then Redis is skipped); the
        // allowance beyond that is what the machine's own noise did to the normal calls.
        var slow = gate.OperationTimeout.TotalMilliseconds;
        var noise = normal.Count(t => t >= slow) + 2;
        Assert.True(stalled.Count(t => t >= slow) <= Rounds + noise,
            $"at most one call per stalled round waits for Redis: {stalled.Count(t => t >= slow)} calls ≥ {slow} ms (normal: {noise - 2})");
    }

    private static async Task<int> MeasureAsync(HttpClient client, string url, int calls, List<double> times)
    {
        var serverErrors = 0;
        for (var i = 0; i < calls; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(url);
            await response.Content.ReadAsByteArrayAsync();
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            Assert.True(response.StatusCode == HttpStatusCode.OK || (int)response.StatusCode >= 500,
                $"unexpected {(int)response.StatusCode}");
            if ((int)response.StatusCode >= 500) serverErrors++;
        }
        return serverErrors;
    }
}
