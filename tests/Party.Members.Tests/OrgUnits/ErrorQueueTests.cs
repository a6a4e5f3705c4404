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
    [Fact]
    public async Task A_message_that_keeps_failing_lands_in_the_error_queue_and_degrades_health()
    {
        var health = factory.CreateClient();
        // The bus reports healthy once its endpoints are up.
        await Eventually.TrueAsync(async () => await (await health.GetAsync("/health")).Content.ReadAsStringAsync() == "Healthy",
            TimeSpan.FromSeconds(20), "healthy before the poison message");

        // A snapshot the replica table cannot hold (code longer than its column) fails on every retry.
        var id = Guid.NewGuid();
        var poison = new OrgUnitSnapshot
        {
            OrgUnitId = id, Code = new string('X', 500), Name = "坏消息", Kind = "Branch", Domain = "RuralVillage",
            Path = "/" + id.ToString("N") + "/", Dissolved = false, Version = 1,
        };
        await factory.Services.GetRequiredService<IBus>().Publish(new OrgUnitRegistered { Unit = poison, OccurredAt = DateTimeOffset.UtcNow });

        var monitor = factory.Services.GetRequiredService<ErrorQueueMonitor>();
        await Eventually.TrueAsync(() => Task.FromResult(monitor.Depth == 1), TimeSpan.FromSeconds(20), "one message in the error queue");
        Assert.Equal("Degraded", await (await health.GetAsync("/health")).Content.ReadAsStringAsync());
    }
}
