using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Party.Contracts.Branches;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.Members.Tests.OrgUnits;

public class OrgUnitReplicaTests(MembersFactory factory) : IClassFixture<MembersFactory>
{
    [Fact]
    public async Task Each_event_is_applied_once_even_when_delivered_twice_and_a_late_older_snapshot_is_ignored()
    {
        var bus = factory.Services.GetRequiredService<IBus>();
        var id = Guid.NewGuid();
        var v1 = Snapshot(id, "旧名", 1);
        var v2 = v1 with { Name = "新名", Version = 2 };
        var registeredId = NewId.NextGuid();
        var renamedId = NewId.NextGuid();

        await bus.Publish(new OrgUnitRegistered { Unit = v1, OccurredAt = DateTimeOffset.UtcNow }, c => c.MessageId = registeredId);
        await bus.Publish(new OrgUnitChanged { Unit = v2, Change = "renamed", OccurredAt = DateTimeOffset.UtcNow }, c =>
            c.MessageId = renamedId);
        await bus.Publish(new OrgUnitChanged { Unit = v2, Change = "renamed", OccurredAt = DateTimeOffset.UtcNow }, c =>
            c.MessageId = renamedId);
        await bus.Publish(new OrgUnitRegistered { Unit = v1, OccurredAt = DateTimeOffset.UtcNow }, c => c.MessageId = registeredId);
        var marker = Snapshot(Guid.NewGuid(), "标记", 1, parent: v1);
        await bus.Publish(new OrgUnitRegistered { Unit = marker, OccurredAt = DateTimeOffset.UtcNow });

        var client = factory.ClientFor(PartyRoles.County, id);
        // The marker is published last on the same queue, but deliveries are handled concurrently, so the marker alone does
        // not prove the events before it were counted: the wait is also for both of them.
        await Eventually.TrueAsync(async () => (await client.GetAsync($"/api/members/org-units/{marker.OrgUnitId}")).IsSuccessStatusCode,
            TimeSpan.FromSeconds(10), "marker replicated");
        var unit = await Eventually.ResultAsync(
            async () => await (await client.GetAsync($"/api/members/org-units/{id}")).AssertStatusAsync(200),
            u => u["version"]?.GetValue<long>() == 2 && u["eventsApplied"]?.GetValue<int>() >= 2, TimeSpan.FromSeconds(10),
            "both events counted");
        Assert.Equal("新名", unit["name"]!.GetValue<string>());
        Assert.Equal(2, unit["version"]!.GetValue<long>());
        Assert.Equal(2, unit["eventsApplied"]!.GetValue<int>());
    }

    [Fact]
    public async Task Another_townships_unit_is_not_found()
    {
        var tree = await ReplicaSeeder.SeedCountyAsync(factory.Services, townships: 2, villagesEach: 1);
        var township = factory.ClientFor(PartyRoles.Township, tree.Townships[0].Id);
        await (await township.GetAsync($"/api/members/org-units/{tree.Townships[0].Villages[0]}")).AssertStatusAsync(200);
        await (await township.GetAsync($"/api/members/org-units/{tree.Townships[1].Villages[0]}"))
            .AssertProblemAsync(404, "org_units.not_found");
        var list = await (await township.GetAsync("/api/members/org-units")).AssertStatusAsync(200);
        Assert.Equal(2, list["total"]!.GetValue<long>());
    }

    private static OrgUnitSnapshot Snapshot(Guid id, string name, long version, OrgUnitSnapshot? parent = null) => new()
    {
        OrgUnitId = id, Code = "R" + id.ToString("N")[..8], Name = name, Kind = parent is null ? "CountyCommittee" : "TownshipCommittee",
        Domain = "GovernmentOrgan", ParentId = parent?.OrgUnitId, Path = (parent?.Path ?? "/") + id.ToString("N") + "/", Dissolved = false,
        Version = version,
    };
}
