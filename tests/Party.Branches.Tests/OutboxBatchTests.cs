using System.Collections.Concurrent;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Party.Branches.Data;
using Party.Contracts.Branches;
using Party.Messaging;
using Party.Messaging.Outbox;
using Party.Testing;

namespace Party.Branches.Tests;

/// <summary>
/// The dispatcher publishes a claimed batch together and awaits the broker's confirms together (one confirm at a time held a
/// service to ~50 events a second); a row the broker refuses stays for the retry while the rest of its batch is marked sent; rows
/// committed while a batch waits for its confirms go out in a batch of their own.
/// </summary>
public class OutboxBatchTests(OutboxBatchTests.GatedFactory factory) : IClassFixture<OutboxBatchTests.GatedFactory>
{
    [Fact]
    public async Task A_committed_batch_is_published_together_and_every_row_marked_sent()
    {
        var received = await ProbeAsync();
        var units = Enumerable.Range(0, 50).Select(_ => Guid.NewGuid()).ToList();
        await WriteEventsAsync(units);

        await Eventually.TrueAsync(() => Task.FromResult(units.All(u => received.ContainsKey(u))),
            TimeSpan.FromSeconds(20), "every event of the batch published");
        var rows = await Eventually.ResultAsync(() => RowsAsync(units), r => r.All(o => o.SentAt is not null),
            TimeSpan.FromSeconds(10), "every row of the batch marked sent");
        Assert.Equal(units.Count, rows.Count);
        Assert.All(rows, r => Assert.Equal(0, r.Attempts));
        Assert.All(rows, r => Assert.Equal(r.MessageId, received[UnitOf(r)]));
        // One transaction wrote the fifty rows, so one claim holds them: publishing them one confirm at a time would never
        // have two in flight.
        Assert.True(factory.Gate.MaxInFlight > 1, $"at most {factory.Gate.MaxInFlight} publish in flight");
    }

    [Fact]
    public async Task A_refused_publish_leaves_its_row_for_the_retry_and_the_rest_of_the_batch_is_marked_sent()
    {
        var received = await ProbeAsync();
        var units = Enumerable.Range(0, 10).Select(_ => Guid.NewGuid()).ToList();
        var refused = units[4];
        factory.Gate.Refuse(refused);
        await WriteEventsAsync(units);

        var others = units.Where(u => u != refused).ToList();
        var rows = await Eventually.ResultAsync(() => RowsAsync(units),
            r => r.Count == units.Count && r.Where(o => UnitOf(o) != refused).All(o => o.SentAt is not null)
                && r.Single(o => UnitOf(o) == refused).Attempts > 0,
            TimeSpan.FromSeconds(20), "the others marked sent and the refused row attempted");
        var left = rows.Single(o => UnitOf(o) == refused);
        Assert.Null(left.SentAt);
        Assert.Contains(GatedPublisher.Refusal, left.LastError);
        Assert.All(rows.Where(o => UnitOf(o) != refused), r => Assert.Equal(0, r.Attempts));
        await Eventually.TrueAsync(() => Task.FromResult(others.All(u => received.ContainsKey(u))),
            TimeSpan.FromSeconds(10), "the others delivered");
        Assert.False(received.ContainsKey(refused));

        // Once the broker takes it, the retry publishes the row under its own message id and marks it.
        factory.Gate.Accept(refused);
        var sent = await Eventually.ResultAsync(async () => (await RowsAsync([refused])).Single(), r => r.SentAt is not null,
            TimeSpan.FromSeconds(40), "the refused row published by the retry");
        await Eventually.TrueAsync(() => Task.FromResult(received.ContainsKey(refused)), TimeSpan.FromSeconds(10),
            "the retried event delivered");
        Assert.Equal(sent.MessageId, received[refused]);
    }

    [Fact]
    public async Task Rows_committed_while_a_batch_waits_for_the_broker_are_published_without_waiting_behind_it()
    {
        var received = await ProbeAsync();
        var slow = Guid.NewGuid();
        var reached = factory.Gate.Hold(slow);
        await WriteEventsAsync([slow]);
        await reached.WaitAsync(TimeSpan.FromSeconds(20));

        // The first batch is now in the broker's hands (its publish held, as a slow confirm would be). The publish gives up
        // after 10 s, so what follows must happen well within that to say anything.
        var later = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()).ToList();
        await WriteEventsAsync(later);
        await Eventually.TrueAsync(() => Task.FromResult(later.All(u => received.ContainsKey(u))),
            TimeSpan.FromSeconds(8), "the later rows published while the first batch still waits");
        Assert.False(received.ContainsKey(slow));

        factory.Gate.Release(slow);
        var rows = await Eventually.ResultAsync(() => RowsAsync([slow, .. later]), r => r.All(o => o.SentAt is not null),
            TimeSpan.FromSeconds(10), "every row marked sent once the first batch is confirmed");
        Assert.All(rows, r => Assert.Equal(0, r.Attempts));
        await Eventually.TrueAsync(() => Task.FromResult(received.ContainsKey(slow)), TimeSpan.FromSeconds(10),
            "the held event delivered");
    }

    /// <summary>A queue of the test's own bound to OrgUnitRegistered: unit id → message id of what arrived.</summary>
    private async Task<ConcurrentDictionary<Guid, Guid>> ProbeAsync()
    {
        var received = new ConcurrentDictionary<Guid, Guid>();
        var bus = factory.Services.GetRequiredService<IBus>();
        var probe = bus.ConnectReceiveEndpoint("branches-batch-probe-" + Guid.NewGuid().ToString("N")[..6], e =>
            e.Handler<OrgUnitRegistered>(ctx =>
            {
                received[ctx.Message.Unit.OrgUnitId] = ctx.MessageId!.Value;
                return Task.CompletedTask;
            }));
        await probe.Ready;
        return received;
    }

    /// <summary>One event per unit, all in one transaction.</summary>
    private async Task WriteEventsAsync(IEnumerable<Guid> units)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BranchesDbContext>();
        var now = DateTimeOffset.UtcNow;
        foreach (var id in units)
        {
            var unit = new OrgUnitSnapshot
            {
                OrgUnitId = id, Code = "B" + id.ToString("N")[..8], Name = "测试县委", Kind = "countyCommittee",
                Domain = "governmentOrgan", Path = $"/{id:N}/", Dissolved = false, Version = 1,
            };
            db.AddEvent(new OrgUnitRegistered { Unit = unit, OccurredAt = now }, now);
        }
        await db.SaveChangesAsync();
    }

    private async Task<List<OutboxMessage>> RowsAsync(IReadOnlyCollection<Guid> units)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var all = await scope.ServiceProvider.GetRequiredService<BranchesDbContext>().OutboxMessages.AsNoTracking()
            .Where(o => o.Type == typeof(OrgUnitRegistered).FullName)
            .ToListAsync();
        return all.Where(o => units.Contains(UnitOf(o))).ToList();
    }

    private static Guid UnitOf(OutboxMessage row) =>
        System.Text.Json.JsonDocument.Parse(row.Body).RootElement.GetProperty("unit").GetProperty("orgUnitId").GetGuid();

    /// <summary>Branches with its outbox publisher behind a gate that counts publishes in flight and can refuse a unit's event.</summary>
    public sealed class GatedFactory() : ServiceFactory<Program>(Extensions.Database)
    {
        public PublishGate Gate { get; } = new();

        protected override void ConfigureTestServices(IServiceCollection services)
        {
            services.AddSingleton(Gate);
            services.AddScoped<IOutboxPublisher, GatedPublisher>();
        }
    }

    public sealed class PublishGate
    {
        private readonly ConcurrentDictionary<Guid, bool> _refused = new();
        private readonly ConcurrentDictionary<Guid, (TaskCompletionSource Reached, TaskCompletionSource Go)> _held = new();
        private int _inFlight;
        private int _maxInFlight;

        public int MaxInFlight => Volatile.Read(ref _maxInFlight);
        public void Refuse(Guid unit) => _refused[unit] = true;
        public void Accept(Guid unit) => _refused.TryRemove(unit, out _);
        public bool Refuses(Guid unit) => _refused.ContainsKey(unit);

        /// <summary>Holds the unit's publish until <see cref="Release"/>; the task completes when the publish reached the gate.</summary>
        public Task Hold(Guid unit)
        {
            var hold = (Reached: new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously),
                Go: new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            _held[unit] = hold;
            return hold.Reached.Task;
        }

        public void Release(Guid unit)
        {
            if (_held.TryRemove(unit, out var hold)) hold.Go.TrySetResult();
        }

        public Task WaitIfHeldAsync(Guid unit, CancellationToken ct)
        {
            if (!_held.TryGetValue(unit, out var hold)) return Task.CompletedTask;
            hold.Reached.TrySetResult();
            return hold.Go.Task.WaitAsync(ct);
        }

        public IDisposable Enter()
        {
            var now = Interlocked.Increment(ref _inFlight);
            int max;
            while (now > (max = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, max) != max) { }
            return new Leave(this);
        }

        private sealed class Leave(PublishGate gate) : IDisposable
        {
            public void Dispose() => Interlocked.Decrement(ref gate._inFlight);
        }
    }

    public sealed class GatedPublisher(IPublishEndpoint bus, PublishGate gate) : IOutboxPublisher
    {
        public const string Refusal = "refused by the test's gate";

        public async Task PublishAsync(OutboxMessage row, object message, Type type, CancellationToken ct)
        {
            if (message is OrgUnitRegistered e && gate.Refuses(e.Unit.OrgUnitId)) throw new InvalidOperationException(Refusal);
            using (gate.Enter())
            {
                if (message is OrgUnitRegistered held) await gate.WaitIfHeldAsync(held.Unit.OrgUnitId, ct);
                await new BusOutboxPublisher(bus).PublishAsync(row, message, type, ct);
            }
        }
    }
}
