using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Party.Branches.Data;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Idempotency;
using Party.Testing;

namespace Party.Platform.Tests;

/// <summary>Writes with an Idempotency-Key when the key must come from the service's database, not from Redis.</summary>
public abstract class IdempotencyScenario(BranchesFactory factory)
{
    protected async Task<(HttpClient County, Guid Township)> CountyAsync()
    {
        var tree = await new OrgTreeClient(factory.OperatorClient()).CreateCountyAsync("K" + Guid.NewGuid().ToString("N")[..7], 1, 0);
        return (factory.ClientFor(PartyRoles.County, tree.County), tree.Townships[0].Id);
    }

    protected static object Branch(Guid township) =>
        new { code = "IDEM" + Guid.NewGuid().ToString("N")[..6], name = "幂等村党支部", kind = "branch", domain = "ruralVillage",
            parentId = township };

    protected static Task<HttpResponseMessage> SendAsync(HttpClient client, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, OrgTreeClient.Url) { Content = JsonContent.Create(body, options: Http.Json) };
        request.Headers.Add(IdempotencyMiddleware.Header, key);
        return client.SendAsync(request);
    }

    protected static async Task<long> BranchesUnderAsync(HttpClient county, Guid township) =>
        (await (await county.GetAsync($"{OrgTreeClient.Url}?under={township}")).AssertStatusAsync(200))["total"]!.GetValue<long>();

    protected async Task<IdempotencyKey?> StoredKeyAsync(string key)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BranchesDbContext>().Set<IdempotencyKey>().AsNoTracking()
            .SingleOrDefaultAsync(k => k.Key == key);
    }
}

public class IdempotencyWithoutRedisTests(RedisGoneBranchesFactory factory) : IdempotencyScenario(factory),
    IClassFixture<RedisGoneBranchesFactory>
{
    [Fact]
    public async Task A_retry_while_redis_is_gone_replays_the_first_answer_and_writes_once()
    {
        var (county, township) = await CountyAsync();
        var key = Guid.NewGuid().ToString();
        var body = Branch(township);

        var first = await (await SendAsync(county, body, key)).AssertStatusAsync(201);
        var again = await SendAsync(county, body, key);
        var replayed = await again.AssertStatusAsync(201);

        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.ToJsonString(), replayed.ToJsonString());
        Assert.Equal(2, await BranchesUnderAsync(county, township)); // the township itself and the one branch
        // Kept in the service's own database, with the answer it replays.
        var stored = await StoredKeyAsync(key);
        Assert.NotNull(stored);
        Assert.Equal(201, stored.Status);
    }
}

public class IdempotencyConcurrencyTests(BranchesFactory factory) : IdempotencyScenario(factory), IClassFixture<BranchesFactory>
{
    [Fact]
    public async Task Concurrent_requests_with_one_key_apply_once_and_all_get_the_first_answer()
    {
        var (county, township) = await CountyAsync();
        var key = Guid.NewGuid().ToString();
        var body = Branch(township);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Task.Run(async () => await (await SendAsync(county, body, key)).AssertStatusAsync(201))));

        Assert.Single(answers.Select(a => a["id"]!.GetValue<Guid>()).Distinct());
        Assert.Equal(2, await BranchesUnderAsync(county, township)); // the township itself and the one branch
    }
}
