using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.Platform.Tests;

/// <summary>
/// Calls through the gateway are counted per bureau client (others per role) and outcome, and an operator reads the
/// counts per day: what a bureau saw is what the operator is told.
/// </summary>
public class ClientUsageTests(KestrelBranchesFactory branches) : IClassFixture<KestrelBranchesFactory>
{
    [Fact]
    public async Task An_operator_sees_each_bureau_clients_calls_split_into_ok_errors_and_rate_limited()
    {
        await using var redis = await OwnRedis.StartAsync();
        var up = branches.CreateClient().BaseAddress!.ToString().TrimEnd('/');
        await using var gw = GatewayFactory.Start(redis, new Dictionary<string, string> { ["branches"] = up },
            new Dictionary<string, string>(GatewayFactory.CountEveryCall)
                { ["Gateway:RateLimit:PermitLimit"] = "3", ["Gateway:RateLimit:WindowSeconds"] = "600" });
        var client = gw.CreateClient();
        var finance = "finance-" + Guid.NewGuid().ToString("N")[..6];
        var review = "review-" + Guid.NewGuid().ToString("N")[..6];

        // The finance bureau calls a path that does not exist until the rate limit stops it; the reviewing bureau is fine.
        var seen = new List<int>();
        for (var i = 0; i < 5; i++)
            seen.Add((int)(await Send(client, HttpMethod.Get, "/api/no-such-thing", Bureau(finance))).StatusCode);
        Assert.Contains(429, seen);
        Assert.Equal(HttpStatusCode.OK, (await Send(client, HttpMethod.Get, "/health", Bureau(review))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await Send(client, HttpMethod.Get, "/api/no-such-thing", TestTokens.Mint("clerk-1", PartyRoles.Township, Guid.NewGuid())))
            .StatusCode);

        var operatorToken = TestTokens.Mint("ops-1", PartyRoles.Operator, Guid.Empty);
        var rows = await Usage(client, operatorToken, $"?client={finance}");
        Assert.All(rows, r => Assert.Equal(finance, r["client"]!.GetValue<string>()));
        Assert.Equal((5L, 0L, seen.Count(s => s == 404), 0L, seen.Count(s => s == 429)),
            (Total(rows, "requests"), Total(rows, "ok"), Total(rows, "clientErrors"), Total(rows, "serverErrors"),
                Total(rows, "rateLimited")));

        var all = await Usage(client, operatorToken, "");
        Assert.Equal(1L, Total(all.Where(r => r["client"]!.GetValue<string>() == review), "ok"));
        // People are counted by role, not one line per person.
        Assert.Contains(all, r => r["client"]!.GetValue<string>() == "role:township");
        Assert.DoesNotContain(all, r => r["client"]!.GetValue<string>().Contains("clerk-1"));

        // Only an operator reads it; a bureau does not see other bureaus' usage.
        Assert.Equal(HttpStatusCode.Forbidden, (await Send(client, HttpMethod.Get, "/api/gateway/usage", Bureau(review))).StatusCode);
    }

    [Theory]
    [InlineData("?from=2026-13-01", "from", "from 应为日期")]
    [InlineData("?to=yesterday", "to", "to 应为日期")]
    [InlineData("?from=2026-12-02&to=2026-12-01", "to", "to 不能早于 from")]
    [InlineData("?from=2026-01-01&to=2026-12-01", "to", "最多查询 31 天")]
    [InlineData("?by=week", "by", "by 只能是")]
    public async Task A_bad_query_gets_a_problem_saying_what_to_change(string query, string field, string says)
    {
        await using var redis = await OwnRedis.StartAsync();
        var up = branches.CreateClient().BaseAddress!.ToString().TrimEnd('/');
        await using var gw = GatewayFactory.Start(redis, new Dictionary<string, string> { ["branches"] = up });
        var response = await Send(gw.CreateClient(), HttpMethod.Get, "/api/gateway/usage" + query,
            TestTokens.Mint("ops-1", PartyRoles.Operator, Guid.Empty));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("request.invalid", problem["code"]!.GetValue<string>());
        Assert.Contains(says, problem["detail"]!.GetValue<string>());
        // The field is named the way the services name theirs, so one client-side handler serves both.
        Assert.Contains(says, problem["errors"]![field]![0]!.GetValue<string>());
        Assert.Equal("请求无效", problem["title"]!.GetValue<string>());
    }

    private static string Bureau(string clientId) => TestTokens.Mint(clientId, PartyRoles.Bureau, Guid.Empty, ["finance.payments"]);

    private static async Task<List<JsonNode>> Usage(HttpClient client, string token, string query)
    {
        var response = await Send(client, HttpMethod.Get, "/api/gateway/usage" + query, token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["items"]!.AsArray().Select(r => r!).ToList();
    }

    private static long Total(IEnumerable<JsonNode> rows, string field) => rows.Sum(r => r[field]!.GetValue<long>());

    private static Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string path, string token)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client.SendAsync(request);
    }
}
