using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Party.Contracts.Branches;
using Party.Members.Consumers;
using Party.Messaging.Inbox;
using Party.Persistence.OrgUnits;
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

    /// <summary>
    /// The replica takes its events in batches (one transaction per batch): a burst larger than a batch, with several
    /// versions of each unit out of order and a redelivered copy, must still leave every unit at its newest version with
    /// each distinct event counted once.
    /// </summary>
    [Fact]
    public async Task A_burst_of_events_leaves_each_unit_at_its_newest_version_with_every_event_counted_once()
    {
        var bus = factory.Services.GetRequiredService<IBus>();
        var units = Enumerable.Range(1, 2 * BatchConsumerDefinition<OrgUnitEventsConsumer>.MessageLimit + 50)
            .Select(i => Snapshot(Guid.NewGuid(), $"批量{i}", 1)).ToList();
        await Task.WhenAll(units.Select(async unit =>
        {
            var newestId = NewId.NextGuid();
            var newest = new OrgUnitChanged { Unit = unit with { Name = unit.Name + "-3", Version = 3 }, Change = "renamed",
                OccurredAt = DateTimeOffset.UtcNow };
            await bus.Publish(newest, c => c.MessageId = newestId);
            await bus.Publish(new OrgUnitChanged { Unit = unit with { Name = unit.Name + "-2", Version = 2 }, Change = "renamed",
                OccurredAt = DateTimeOffset.UtcNow });
            await bus.Publish(new OrgUnitRegistered { Unit = unit, OccurredAt = DateTimeOffset.UtcNow });
            await bus.Publish(newest, c => c.MessageId = newestId);
        }));

        var ids = units.Select(u => u.OrgUnitId).ToArray();
        var replicated = await Eventually.ResultAsync(async () =>
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<IOrgUnitReplicaDbContext>();
            return await db.OrgUnits.AsNoTracking().Where(u => ids.Contains(u.Id)).ToListAsync();
        }, rows => rows.Count == units.Count && rows.All(r => r.EventsApplied >= 3), TimeSpan.FromSeconds(30), "every event applied");

        Assert.All(replicated, row =>
        {
            var sent = units.Single(u => u.OrgUnitId == row.Id);
            Assert.Equal((sent.Name + "-3", 3L, 3), (row.Name, row.Version, row.EventsApplied));
        });
    }

    [Theory]
    [InlineData(new long[] { 2, 3, 1 })]
    [InlineData(new long[] { 3, 2, 1 })]
    [InlineData(new long[] { 1, 2, 3 })]
    public async Task Snapshots_of_one_unit_applied_together_leave_the_newest_and_count_each(long[] versions)
    {
        var id = Guid.NewGuid();
        var other = Snapshot(Guid.NewGuid(), "同批另一单位", 1);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IOrgUnitReplicaDbContext>();
        await db.ApplyAsync([.. versions.Select(v => Snapshot(id, $"第{v}版", v)), other], DateTimeOffset.UtcNow, default);
        // A later set holding an older snapshot is counted and changes nothing else.
        await db.ApplyAsync([Snapshot(id, "第2版", 2)], DateTimeOffset.UtcNow, default);

        var row = await db.OrgUnits.AsNoTracking().SingleAsync(u => u.Id == id);
        Assert.Equal(("第3版", 3L, 4), (row.Name, row.Version, row.EventsApplied));
        var otherRow = await db.OrgUnits.AsNoTracking().SingleAsync(u => u.Id == other.OrgUnitId);
        Assert.Equal(("同批另一单位", 1L, 1), (otherRow.Name, otherRow.Version, otherRow.EventsApplied));
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
