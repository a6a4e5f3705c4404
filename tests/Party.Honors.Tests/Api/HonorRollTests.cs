using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Redis;
using Party.Testing;
using StackExchange.Redis;

namespace Party.Honors.Tests.Api;

public class HonorRollTests(HonorsFactory factory) : IClassFixture<HonorsFactory>
{
    private static readonly string[] PublicFields =
        ["awardId", "name", "subjectKind", "honorName", "level", "year", "batch", "orgUnitName", "deedsSummary", "photoUrl"];

    [Fact]
    public async Task The_roll_is_anonymous_lists_the_subtree_only_and_carries_no_personal_identifiers()
    {
        var tree = await TreeOf.SeedAsync(factory);
        var (_, awardId, year) = await Rounds.AwardedMemberAsync(factory, tree, "陈榜样");
        var anonymous = factory.CreateClient();

        var response = await anonymous.GetAsync($"/api/honors/roll?org={tree.Township(0)}&year={year}");
        var roll = await response.AssertStatusAsync(200);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var entry = Assert.Single(roll["items"]!.AsArray());
        Assert.Equal(awardId.ToString(), entry!["awardId"]!.GetValue<string>());
        Assert.Equal("陈榜样", entry["name"]!.GetValue<string>());
        Assert.Equal("优秀共产党员", entry["honorName"]!.GetValue<string>());
        Assert.Equal(PublicFields.Order(), entry.AsObject().Select(p => p.Key).Order());
        Assert.Equal(1, roll["total"]!.GetValue<long>());

        // The county sees it too, the other township does not, another year is empty.
        Assert.Equal(1, (await (await anonymous.GetAsync($"/api/honors/roll?org={tree.County}&year={year}"))
            .AssertStatusAsync(200))["total"]!.GetValue<long>());
        Assert.Equal(0, (await (await anonymous.GetAsync($"/api/honors/roll?org={tree.Township(1)}&year={year}"))
            .AssertStatusAsync(200))["total"]!.GetValue<long>());
        Assert.Equal(0, (await (await anonymous.GetAsync($"/api/honors/roll?org={tree.Township(0)}&year={year - 1}"))
            .AssertStatusAsync(200))["total"]!.GetValue<long>());
        await (await anonymous.GetAsync($"/api/honors/roll?org={Guid.NewGuid()}&year={year}"))
            .AssertProblemAsync(404, "org_units.not_found");
        await (await anonymous.GetAsync("/api/honors/roll?year=2026")).AssertProblemAsync(400, "validation.failed");
        // Everything else still needs a token.
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/honors/awards")).StatusCode);
    }

    [Fact]
    public async Task The_roll_is_served_from_redis_and_an_award_invalidates_it()
    {
        var tree = await TreeOf.SeedAsync(factory);
        var (_, first, year) = await Rounds.AwardedMemberAsync(factory, tree, "蒋第一");
        var anonymous = factory.CreateClient();
        var url = $"/api/honors/roll?org={tree.Township(0)}&year={year}";
        var redis = factory.Services.GetRequiredService<RedisGate>().Multiplexer!;
        var db = redis.GetDatabase();
        async Task<long> Generation() => (long?)await db.StringGetAsync("honors:roll:gen") ?? 0;
        // Other test hosts share this Redis and bump the generation; retry until a read saw one generation throughout and
        // went through Redis (on a busy machine a call over the gate's 200 ms skips Redis for a few seconds, by design).
        var read = await Eventually.ResultAsync(async () =>
        {
            var generation = await Generation();
            var body = await anonymous.GetStringAsync(url);
            var stored = (string?)await db.StringGetAsync($"honors:roll:{generation}:{tree.Township(0)}:{year}:1:50");
            return (Stable: generation == await Generation(), Generation: generation, Body: body, Stored: stored);
        }, r => r.Stable && r.Stored is not null, TimeSpan.FromSeconds(20), "a read through Redis within one cache generation");
        Assert.Equal(read.Body, read.Stored);
        Assert.Contains(first.ToString(), read.Body);
        var generationBefore = read.Generation;

        var (_, second, _) = await Rounds.AwardedMemberAsync(factory, tree, "沈第二");
        // Bumped after the commit, or by the retry when Redis skipped the first attempt.
        await Eventually.TrueAsync(async () => await Generation() > generationBefore, TimeSpan.FromSeconds(20), "the generation bumped");
        var after = await anonymous.GetStringAsync(url);
        Assert.Contains(first.ToString(), after);
        Assert.Contains(second.ToString(), after);
    }
}

public class HonorRollWithoutRedisTests(RedisDownHonorsFactory factory) : IClassFixture<RedisDownHonorsFactory>
{
    [Fact]
    public async Task The_roll_still_answers_from_the_database_when_redis_is_down()
    {
        var tree = await TreeOf.SeedAsync(factory);
        var township = factory.Client(PartyRoles.Township, tree.Township(0));
        var subject = Guid.NewGuid();
        await (await township.PostJsonAsync("/api/honors/external-honors", new
        {
            subjectKind = "member", subjectId = subject, subjectName = "韩无缓存", orgUnitId = tree.Village(0), honorName = "全国劳动模范",
            issuer = "国务院", level = "national", year = 2025, deeds = "扎根乡村三十年。",
        })).AssertStatusAsync(201);
        var started = DateTime.UtcNow;
        var roll = await (await factory.CreateClient().GetAsync($"/api/honors/roll?org={tree.Township(0)}&year=2025"))
            .AssertStatusAsync(200);
        Assert.Equal("韩无缓存", roll["items"]![0]!["name"]!.GetValue<string>());
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(2), "answered promptly without waiting for Redis");
    }
}

public class HonorRollOrderTests(HonorsFactory factory) : IClassFixture<HonorsFactory>
{
    [Fact]
    public async Task Higher_levels_come_first_whatever_their_names_sort_as()
    {
        var tree = await TreeOf.SeedAsync(factory);
        var township = factory.Client(PartyRoles.Township, tree.Township(0));
        // Alphabetically the stored texts sort Province > National > County > City; the roll must rank them.
        foreach (var (level, name) in new[] { ("city", "市级"), ("province", "省级"), ("county", "县级"), ("national", "国家级") })
        {
            await (await township.PostJsonAsync("/api/honors/external-honors", new
            {
                subjectKind = "member", subjectId = Guid.NewGuid(), subjectName = name + "获奖人", orgUnitId = tree.Village(0),
                honorName = name + "荣誉", issuer = "发证机关", level, year = 2025, deeds = "事迹。",
            })).AssertStatusAsync(201);
        }
        var roll = await (await factory.CreateClient().GetAsync($"/api/honors/roll?org={tree.Township(0)}&year=2025"))
            .AssertStatusAsync(200);
        Assert.Equal(["national", "province", "city", "county"], roll["items"]!.AsArray().Select(i => i!["level"]!.GetValue<string>()));
    }
}
