using System.Net;
using System.Net.Http.Headers;
using Party.ServiceDefaults.Auth;
using Party.Testing;
using StackExchange.Redis;

namespace Party.Platform.Tests;

/// <summary>
/// The per-client limit leases permits from Redis a few at a time instead of asking on every request
/// (<c>Gateway:RateLimit:LeasePercent</c>). What must still hold: the shared limit is never exceeded, one replica is
/// exact, several replicas on one Redis refuse a client at most (replicas − 1) × lease calls early, and Redis is asked
/// once per lease rather than once per call.
/// </summary>
public class RateLimitLeaseTests(KestrelBranchesFactory branches) : IClassFixture<KestrelBranchesFactory>
{
    [Fact]
    public async Task One_replica_admits_exactly_the_limit_and_asks_Redis_once_per_lease()
    {
        await using var redis = await OwnRedis.StartAsync();
        await using var gw = Start(redis, limit: 100, leasePercent: 10); // leases of 10
        var client = gw.CreateClient();
        var token = Bureau();
        var before = await ScriptCallsAsync(redis);

        var admitted = 0;
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 120 && refused is null; i++)
        {
            var response = await Send(client, token);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) refused = response;
            else admitted++;
        }

        Assert.Equal(100, admitted);
        Assert.NotNull(refused);
        await refused.AssertProblemAsync(429, "rate_limit.exceeded");
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 carries Retry-After");
        // 10 leases of 10 and the one Redis refused; the calls refused after it do not ask again.
        Assert.Equal(11, await ScriptCallsAsync(redis) - before);
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.TooManyRequests, (await Send(client, token)).StatusCode);
        Assert.Equal(11, await ScriptCallsAsync(redis) - before);
    }

    [Fact]
    public async Task A_burst_of_concurrent_first_calls_shares_one_lease_at_a_time()
    {
        await using var redis = await OwnRedis.StartAsync();
        await using var gw = Start(redis, limit: 100, leasePercent: 10); // leases of 10
        var client = gw.CreateClient();
        var token = Bureau();
        var before = await ScriptCallsAsync(redis);

        // Thirty calls at once, as a page loading its sections makes them: when each call that found no permit took a
        // lease of its own, the eleventh lease found the window's 100 reserved and twenty of the thirty got 429s.
        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => Send(client, token)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.NotFound, a.StatusCode));
        Assert.Equal(3, await ScriptCallsAsync(redis) - before);
    }

    [Fact]
    public async Task Two_replicas_on_one_Redis_never_exceed_the_limit_and_refuse_at_most_one_lease_early()
    {
        await using var redis = await OwnRedis.StartAsync();
        await using var first = Start(redis, limit: 40, leasePercent: 10); // leases of 4
        await using var second = Start(redis, limit: 40, leasePercent: 10);
        var clients = new[] { first.CreateClient(), second.CreateClient() };
        var token = Bureau();

        // Alternating, as a load balancer would spread one client's calls, until both replicas refuse.
        var admitted = 0;
        var refusing = new bool[2];
        for (var i = 0; i < 100 && !(refusing[0] && refusing[1]); i++)
        {
            var response = await Send(clients[i % 2], token);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) refusing[i % 2] = true;
            else admitted++;
        }

        Assert.True(refusing[0] && refusing[1], "both replicas refuse once the window is used up");
        Assert.InRange(admitted, 40 - 4, 40);
    }

    [Fact]
    public async Task With_leases_off_every_call_asks_Redis()
    {
        await using var redis = await OwnRedis.StartAsync();
        await using var gw = Start(redis, limit: 100, leasePercent: 0);
        var client = gw.CreateClient();
        var token = Bureau();
        var before = await ScriptCallsAsync(redis);
        for (var i = 0; i < 12; i++) Assert.Equal(HttpStatusCode.NotFound, (await Send(client, token)).StatusCode);
        Assert.Equal(12, await ScriptCallsAsync(redis) - before);
    }

    private GatewayFactory Start(OwnRedis redis, int limit, int leasePercent) =>
        GatewayFactory.Start(redis,
            new Dictionary<string, string> { ["branches"] = branches.CreateClient().BaseAddress!.ToString().TrimEnd('/') },
            new Dictionary<string, string>(GatewayFactory.CountEveryCall)
            {
                ["Gateway:RateLimit:PermitLimit"] = limit.ToString(),
                ["Gateway:RateLimit:WindowSeconds"] = "600",
                ["Gateway:RateLimit:LeasePercent"] = leasePercent.ToString(),
            });

    private static string Bureau() =>
        TestTokens.Mint("lease-" + Guid.NewGuid().ToString("N")[..8], PartyRoles.Bureau, Guid.Empty, ["finance.payments"]);

    // A path no service has: the gateway answers 404 itself, after the rate limit, so no upstream is involved.
    private static Task<HttpResponseMessage> Send(HttpClient client, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/no-such-thing");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client.SendAsync(request);
    }

    /// <summary>Lua script runs Redis has served (EVAL and EVALSHA): the rate limit's only use of Redis here.</summary>
    private static async Task<long> ScriptCallsAsync(OwnRedis redis)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",allowAdmin=true");
        var server = connection.GetServer(connection.GetEndPoints()[0]);
        var stats = (await server.InfoAsync("commandstats")).SelectMany(g => g).ToDictionary(p => p.Key, p => p.Value);
        return new[] { "cmdstat_eval", "cmdstat_evalsha" }.Sum(name =>
            stats.TryGetValue(name, out var value) ? long.Parse(value.Split(',')[0].Split('=')[1]) : 0);
    }
}
