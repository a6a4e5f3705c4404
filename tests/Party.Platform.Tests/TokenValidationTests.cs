using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.Platform.Tests;

/// <summary>
/// What the gateway and a service refuse: a token signed with another key, from another issuer, for another audience,
/// expired, or with <c>alg: none</c> — 401 at the gateway and at the service called directly.
/// </summary>
public class TokenValidationTests(KestrelBranchesFactory branches) : IClassFixture<KestrelBranchesFactory>
{
    [Fact]
    public async Task Forged_foreign_expired_and_unsigned_tokens_get_401_at_the_gateway_and_at_the_service()
    {
        await using var redis = await OwnRedis.StartAsync();
        var up = branches.CreateClient().BaseAddress!.ToString().TrimEnd('/');
        await using var gw = GatewayFactory.Start(redis, new Dictionary<string, string> { ["branches"] = up });
        var good = TestTokens.Mint("operator-x", PartyRoles.Operator, Guid.Empty);
        var bad = new Dictionary<string, string>
        {
            ["another key"] = TestTokens.MintWith(RSA.Create(2048), TestTokens.Issuer, "operator-x", PartyRoles.Operator, Guid.Empty),
            ["another issuer"] = TestTokens.MintWith(null, "https://elsewhere.example/", "operator-x", PartyRoles.Operator, Guid.Empty),
            ["another audience"] = TestTokens.MintWith(null, TestTokens.Issuer, "operator-x", PartyRoles.Operator, Guid.Empty,
                audience: "other-api"),
            ["expired"] = TestTokens.MintWith(null, TestTokens.Issuer, "operator-x", PartyRoles.Operator, Guid.Empty,
                lifetime: TimeSpan.FromMinutes(30), notBefore: DateTime.UtcNow.AddHours(-2)),
            ["alg none"] = TestTokens.Unsigned(good),
        };

        foreach (var target in new[] { gw.CreateClient(), branches.CreateClient() })
        {
            Assert.Equal(HttpStatusCode.OK, (await Get(target, good)).StatusCode);
            foreach (var (what, token) in bad)
                Assert.True((await Get(target, token)).StatusCode == HttpStatusCode.Unauthorized, $"{what} at {target.BaseAddress}");
        }
    }

    private static Task<HttpResponseMessage> Get(HttpClient client, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/branches/org-units");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client.SendAsync(request);
    }
}

/// <summary>
/// Failed token requests and sign-ins are counted per client address at the gateway; past the limit that address
/// gets 429 while another address is not affected. (Any upstream answering 401 stands in for the identity service.)
/// </summary>
public class SignInGuardTests(KestrelBranchesFactory branches) : IClassFixture<KestrelBranchesFactory>
{
    [Fact]
    public async Task An_address_failing_too_often_at_the_token_endpoint_gets_429_and_others_do_not()
    {
        await using var redis = await OwnRedis.StartAsync();
        var up = branches.CreateClient().BaseAddress!.ToString().TrimEnd('/');
        await using var gw = GatewayFactory.Start(redis, new Dictionary<string, string> { ["branches"] = up, ["identity"] = up },
            GatewayFactory.CountEveryCall);
        var client = gw.CreateClient();
        var statuses = new List<int>();
        for (var i = 0; i < 21; i++)
            statuses.Add((int)(await client.PostAsync("/connect/token",
                new FormUrlEncodedContent(new Dictionary<string, string> { ["client_id"] = "x" }))).StatusCode);
        Assert.All(statuses.Take(20), s => Assert.NotEqual(429, s));
        Assert.Equal(429, statuses[20]);
        // The sign-in page shares the count; an authenticated API call from the same address is not affected.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.PostAsync("/account/login", new FormUrlEncodedContent([]))).StatusCode);
        var api = gw.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            TestTokens.Mint("op", PartyRoles.Operator, Guid.Empty));
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/branches/org-units")).StatusCode);
    }
}
