using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.System.Tests;

/// <summary>
/// 200 org-unit changes while RabbitMQ is stopped and restarted and one consumer process is killed
/// and restarted: every replica applies every change exactly once.
/// </summary>
[Collection(SystemCollection.Name)]
public class ExactlyOnceTests(SystemFixture system)
{
    private static readonly string[] Replicas = ["members", "resident-cadres", "honors"];

    [Fact]
    public async Task Two_hundred_changes_survive_a_broker_restart_and_a_killed_consumer_exactly_once()
    {
        const int villages = 20;
        const int changes = 200;
        var tree = await new OrgTreeClient(system.Operator())
            .CreateCountyAsync(OrgTreeFlowTests.NewCode("EXO"), townships: 1, villagesEach: villages);
        var county = system.Gateway(PartyRoles.County, tree.County);
        var ids = tree.Townships[0].Villages;
        foreach (var service in Replicas)
            await Eventually.TrueAsync(async () => await OrgTreeFlowTests.TotalAsync(county, $"/api/{service}/org-units") == villages + 2,
                TimeSpan.FromSeconds(15), $"{service} replica seeded");

        // Consumer queues are quorum queues, which is what lets their messages survive the broker restart below.
        using var broker = system.Broker.Client();
        var queues = await (await broker.GetAsync("api/queues/%2F")).ReadJsonAsync();
        var consumerQueues = queues.AsArray()
            .Where(q => q!["name"]!.GetValue<string>() is var name && Replicas.Any(r => name.StartsWith(r + "-")) && !name.Contains('_'))
            .ToList();
        Assert.Equal(Replicas.Length, consumerQueues.Count(q => q!["name"]!.GetValue<string>().EndsWith("org-unit-events")));
        Assert.All(consumerQueues, q => Assert.Equal("quorum", q!["type"]!.GetValue<string>()));

        for (var i = 0; i < changes; i++)
        {
            if (i == 50) await system.StopRabbitMqAsync();
            if (i == 100) await system.StartRabbitMqAsync();
            if (i == 130) await system.KillAsync("honors");
            if (i == 150) await system.KillAsync("members-2");
            var id = ids[i % villages];
            await (await county.PutJsonAsync($"{OrgTreeClient.Url}/{id}/name", new { name = $"第{i}次更名" })).AssertStatusAsync(200);
        }

        var renamesEach = changes / villages;
        foreach (var service in Replicas)
        {
            foreach (var id in ids)
            {
                var replica = await Eventually.ResultAsync(async () =>
                    {
                        var response = await county.GetAsync($"/api/{service}/org-units/{id}");
                        return response.IsSuccessStatusCode ? await response.ReadJsonAsync() : null;
                    },
                    // Events arrive in any order, so the last rename can land before an earlier one is counted.
                    r => r?["version"]?.GetValue<long>() == 1 + renamesEach && r["eventsApplied"]?.GetValue<int>() >= 1 + renamesEach,
                    TimeSpan.FromSeconds(90),
                    $"{service} has every change of {id}");
                // One registration plus ten renames, each applied once: none lost, none doubled.
                Assert.Equal(1 + renamesEach, replica!["eventsApplied"]!.GetValue<int>());
                var last = changes - villages + ids.IndexOf(id);
                Assert.Equal($"第{last}次更名", replica["name"]!.GetValue<string>());
            }
        }
    }
}
