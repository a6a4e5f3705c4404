using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Party.Contracts.Branches;
using Party.Messaging;
using Party.Testing;

namespace Party.Members.Tests.OrgUnits;

public sealed class FastErrorQueueMembersFactory : MembersFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Party:Messaging:ErrorQueuePollSeconds", "0.5");
    }
}

public class ErrorQueueTests(FastErrorQueueMembersFactory factory) : IClassFixture<FastErrorQueueMembersFactory>
{
    private async Task<JsonNode> HealthAsync() =>
        JsonNode.Parse(await (await factory.CreateClient().GetAsync("/health")).Content.ReadAsStringAsync())!;

    [Fact]
    public async Task The_depth_probe_never_names_a_queue_the_broker_does_not_have()
    {
        var monitor = factory.Services.GetRequiredService<ErrorQueueMonitor>();
        var receiveQueues = factory.Services.GetRequiredService<MessagingServiceName>().ReceiveQueues;
        // Several rounds of the probe, before any message ever failed.
        await Eventually.TrueAsync(() => Task.FromResult(monitor.Rounds >= 3), TimeSpan.FromSeconds(20),
            "three rounds of the error-queue probe");

        // Each error queue exists before its first fault, so the probe reads depths without a not_found from the broker,
        // which would close the probe's channel and log a channel error.
        var queues = await TestServers.QueueNamesAsync(factory.VirtualHost);
        Assert.All(receiveQueues, q => Assert.Contains(q + "_error", queues));
        Assert.Equal(0, monitor.ChannelsClosedByBroker);
        Assert.Equal("Healthy", (await HealthAsync())["checks"]!["error-queues"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_message_that_keeps_failing_lands_in_the_error_queue_and_degrades_health_naming_the_queue()
    {
        // The bus reports healthy once its endpoints are up.
        await Eventually.TrueAsync(async () => (await HealthAsync())["status"]!.GetValue<string>() == "Healthy",
            TimeSpan.FromSeconds(20), "healthy before the poison message");

        // A snapshot the replica table cannot hold (code longer than its column) fails on every retry.
        var id = Guid.NewGuid();
        var poison = new OrgUnitSnapshot
        {
            OrgUnitId = id, Code = new string('X', 500), Name = "坏消息", Kind = "Branch", Domain = "RuralVillage",
            Path = "/" + id.ToString("N") + "/", Dissolved = false, Version = 1,
        };
        await factory.Services.GetRequiredService<IBus>()
            .Publish(new OrgUnitRegistered { Unit = poison, OccurredAt = DateTimeOffset.UtcNow });

        // MassTransit moves it into the error queue declared up front (had the declarations differed, the move would fail).
        var monitor = factory.Services.GetRequiredService<ErrorQueueMonitor>();
        await Eventually.TrueAsync(() => Task.FromResult(monitor.Depth == 1), TimeSpan.FromSeconds(20), "one message in the error queue");
        var health = await HealthAsync();
        Assert.Equal("Degraded", health["status"]!.GetValue<string>());
        var problems = string.Join(" | ", health["problems"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Matches(@"error-queues: .*members-org-unit-[a-z-]+_error（1 条）", problems);
        Assert.Equal(0, monitor.ChannelsClosedByBroker);
    }
}
