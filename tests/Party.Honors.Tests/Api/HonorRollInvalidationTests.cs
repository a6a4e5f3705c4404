using Microsoft.Extensions.DependencyInjection;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Redis;
using Party.Testing;

namespace Party.Honors.Tests.Api;

/// <summary>
/// An award made while the service skips a Redis that just failed to answer cannot bump the cache generation at once.
/// The roll must not fall back to the page cached before the award once Redis answers again (it would be served for the
/// rest of its 10 minutes).
/// </summary>
[Collection(LatencyCollection.Name)]
public class HonorRollInvalidationTests(OwnRedisHonorsFactory factory) : IClassFixture<OwnRedisHonorsFactory>
{
    [Fact]
    public async Task An_award_made_while_redis_stalls_is_on_the_roll_after_redis_is_back()
    {
        var tree = await TreeOf.SeedAsync(factory);
        var township = factory.Client(PartyRoles.Township, tree.Township(0));
        var anonymous = factory.CreateClient();
        var url = $"/api/honors/roll?org={tree.Township(0)}&year=2025";
        var gate = factory.Services.GetRequiredService<RedisGate>();
        await AwardAsync(township, tree, "韩之前");
        // The roll without the second award is cached in Redis.
        await Eventually.TrueAsync(async () => (await RollAsync(anonymous, url)).Contains("韩之前") && gate.Unavailable is null,
            TimeSpan.FromSeconds(20), "the roll read through Redis");

        // A blip: one read finds Redis stalled, so the service skips Redis for a few seconds; the award made in those
        // seconds cannot bump the generation (a command sent to a stalled Redis would still land once it resumes).
        factory.Redis.Freeze();
        try
        {
            await RollAsync(anonymous, url);
        }
        finally
        {
            factory.Redis.Thaw();
        }
        Assert.NotNull(gate.Unavailable);
        await AwardAsync(township, tree, "韩其间");

        await Eventually.TrueAsync(async () => { await anonymous.GetAsync(url); return gate.Unavailable is null; },
            TimeSpan.FromSeconds(20), "Redis in use again");
        for (var i = 0; i < 10; i++)
            Assert.Contains("韩其间", await RollAsync(anonymous, url));
    }

    private static async Task AwardAsync(HttpClient township, TreeOf tree, string name) =>
        await (await township.PostJsonAsync("/api/honors/external-honors", new
        {
            subjectKind = "member", subjectId = Guid.NewGuid(), subjectName = name, orgUnitId = tree.Village(0), honorName = "全国劳动模范",
            issuer = "国务院", level = "national", year = 2025, deeds = "扎根乡村三十年。",
        })).AssertStatusAsync(201);

    /// <summary>The names on the roll's first page.</summary>
    private static async Task<List<string>> RollAsync(HttpClient client, string url) =>
        (await (await client.GetAsync(url)).AssertStatusAsync(200))["items"]!.AsArray()
            .Select(item => item!["name"]!.GetValue<string>()).ToList();
}
