using System.Net;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.System.Tests;

[Collection(SystemCollection.Name)]
public class RateLimitTests(SystemFixture system)
{
    [Fact]
    public async Task One_clients_limit_is_shared_by_two_gateway_instances_through_redis()
    {
        const int limit = 20;
        var host = await system.RateLimitedHostAsync(permitLimit: limit, windowSeconds: 60);
        Assert.Equal(2, host.GatewayUrls.Count);
        var org = Guid.NewGuid();
        var first = SystemFixture.Client(host, host.GatewayUrls[0], PartyRoles.County, org);
        var second = SystemFixture.Client(host, host.GatewayUrls[1], PartyRoles.County, org);

        // Alternating between the instances: each alone has seen only half the limit.
        for (var i = 0; i < limit; i++)
        {
            var response = await (i % 2 == 0 ? first : second).GetAsync($"/api/branches/org-units/{org}");
            Assert.NotEqual(HttpStatusCode.TooManyRequests, response.StatusCode);
        }
        foreach (var gateway in new[] { first, second })
        {
            var refused = await gateway.GetAsync($"/api/branches/org-units/{org}");
            await refused.AssertProblemAsync(429, "rate_limit.exceeded");
            Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 carries Retry-After");
        }

        // Another client is not affected.
        var other = SystemFixture.Client(host, host.GatewayUrls[1], PartyRoles.County, Guid.NewGuid());
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await other.GetAsync($"/api/branches/org-units/{org}")).StatusCode);
    }
}
