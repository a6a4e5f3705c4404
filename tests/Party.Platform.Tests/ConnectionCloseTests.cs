extern alias gateway;
using System.Net;
using Party.Testing;

namespace Party.Platform.Tests;

/// <summary>
/// After a 413 the server cannot read further requests from that connection (the refused body is still arriving on
/// it), so it must say <c>Connection: close</c>: a client then opens a new connection instead of sending its next
/// requests on one that is about to be reset. Checked on real sockets, at a service and at the gateway.
/// </summary>
public class ConnectionCloseTests(KestrelBranchesFactory branches) : IClassFixture<KestrelBranchesFactory>
{
    /// <summary>A 413, then several requests with the same client (one connection allowed): each must get its answer.</summary>
    private static async Task AssertRequestsAfter413SucceedAsync(Uri server, string oversizeUrl)
    {
        // The body waits for "100 Continue", as a client uploading a large file should: a server that refuses on the headers
        // answers 413 and closes, and a client still writing the body into that closing connection gets a broken pipe
        // instead of the answer (it happened in a clean-clone run). The timeout outlasts any loaded machine's answer.
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 1, PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            Expect100ContinueTimeout = TimeSpan.FromSeconds(60),
        };
        using var client = new HttpClient(handler) { BaseAddress = server };
        (await client.GetAsync("/health")).EnsureSuccessStatusCode();

        var oversize = new ByteArrayContent(new byte[3 * 1024 * 1024]);
        oversize.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, oversizeUrl) { Content = oversize };
        request.Headers.ExpectContinue = true;
        var refused = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.True(refused.Headers.ConnectionClose, "a 413 says Connection: close");

        for (var i = 0; i < 4; i++)
        {
            var next = await client.GetAsync("/health");
            Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        }
    }

    [Fact]
    public async Task A_service_closes_the_connection_after_a_413_and_the_next_requests_are_answered()
    {
        var address = branches.CreateClient().BaseAddress!;
        await AssertRequestsAfter413SucceedAsync(address, "/api/branches/org-units");
    }

    [Fact]
    public async Task The_gateway_closes_the_connection_after_a_413_and_the_next_requests_are_answered()
    {
        await using var redis = await OwnRedis.StartAsync();
        var address = branches.CreateClient().BaseAddress!.ToString().TrimEnd('/');
        await using var gw = GatewayFactory.Start(redis, new Dictionary<string, string> { ["branches"] = address });
        await AssertRequestsAfter413SucceedAsync(gw.CreateClient().BaseAddress!, "/api/branches/org-units");
    }
}
