using System.Collections.Concurrent;
using System.Diagnostics;
using MassTransit;
using MassTransit.Logging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Party.Branches.Data;
using Party.Branches.Domain.OrgUnits;
using Party.Contracts.Branches;
using Party.Messaging;
using Party.Testing;

namespace Party.Branches.Tests;

public class OutboxTests(BranchesFactory factory) : IClassFixture<BranchesFactory>
{
    [Fact]
    public async Task A_committed_change_is_published_once_and_a_rolled_back_one_never()
    {
        var received = new ConcurrentQueue<ConsumeContext<OrgUnitRegistered>>();
        var bus = factory.Services.GetRequiredService<IBus>();
        var probe = bus.ConnectReceiveEndpoint("branches-test-probe-" + Guid.NewGuid().ToString("N")[..6], e =>
            e.Handler<OrgUnitRegistered>(ctx => { received.Enqueue(ctx); return Task.CompletedTask; }));
        await probe.Ready;

        var rolledBack = NewUnit("RB");
        var committed = NewUnit("OK");
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BranchesDbContext>();
            await using (var tx = await db.Database.BeginTransactionAsync())
            {
                db.OrgUnits.Add(rolledBack);
                db.AddEvent(new OrgUnitRegistered { Unit = rolledBack.ToSnapshot(), OccurredAt = DateTimeOffset.UtcNow },
                    DateTimeOffset.UtcNow);
                await db.SaveChangesAsync();
                await tx.RollbackAsync();
            }
            db.ChangeTracker.Clear();
            db.OrgUnits.Add(committed);
            db.AddEvent(new OrgUnitRegistered { Unit = committed.ToSnapshot(), OccurredAt = DateTimeOffset.UtcNow }, DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        }

        // The dispatcher publishes in commit order, so once the later event arrived the earlier would have too.
        await Eventually.TrueAsync(() => Task.FromResult(received.Any(r => r.Message.Unit.OrgUnitId == committed.Id)),
            TimeSpan.FromSeconds(10), "committed event published");
        Assert.DoesNotContain(received, r => r.Message.Unit.OrgUnitId == rolledBack.Id);

        // The dispatcher marks the row sent after the broker confirmed it, which may be after the probe consumed the message.
        var rows = await Eventually.ResultAsync(async () =>
        {
            await using var check = factory.Services.CreateAsyncScope();
            return (await check.ServiceProvider.GetRequiredService<BranchesDbContext>().OutboxMessages.AsNoTracking().ToListAsync())
                .Where(o => o.Body.Contains(committed.Id.ToString()) || o.Body.Contains(rolledBack.Id.ToString())).ToList();
        }, r => r.All(o => o.SentAt is not null), TimeSpan.FromSeconds(10), "outbox row marked sent");
        var row = Assert.Single(rows);
        Assert.Equal(row.MessageId, received.Single(r => r.Message.Unit.OrgUnitId == committed.Id).MessageId);
        await probe.StopAsync();
    }

    /// <summary>
    /// The trace context the message carries (MassTransit's activity header) continues the request's trace with the request's
    /// sampling decision. An unsampled request's event once went out under a trace of its own, which the broker client's
    /// span started and sampled afresh, so consumers recorded traces no request belonged to.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_event_carries_on_the_trace_and_the_sampling_decision_of_the_request_that_wrote_it(bool sampled)
    {
        var carried = new ConcurrentDictionary<Guid, string?>();
        var bus = factory.Services.GetRequiredService<IBus>();
        var probe = bus.ConnectReceiveEndpoint("branches-trace-probe-" + Guid.NewGuid().ToString("N")[..6], e =>
            e.Handler<OrgUnitRegistered>(ctx =>
            {
                carried[ctx.Message.Unit.OrgUnitId] = ctx.Headers.Get<string>(DiagnosticHeaders.ActivityId);
                return Task.CompletedTask;
            }));
        await probe.Ready;

        var traceId = ActivityTraceId.CreateRandom();
        var unit = NewUnit("TR");
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BranchesDbContext>();
            db.OrgUnits.Add(unit);
            db.AddEvent(new OrgUnitRegistered { Unit = unit.ToSnapshot(), OccurredAt = DateTimeOffset.UtcNow }, DateTimeOffset.UtcNow);
            // As the request's activity would have left it: sampled in (-01) or out (-00) by the ratio.
            db.OutboxMessages.Local.Single().TraceParent =
                $"00-{traceId}-{ActivitySpanId.CreateRandom()}-{(sampled ? "01" : "00")}";
            await db.SaveChangesAsync();
        }

        var header = await Eventually.ResultAsync(() => Task.FromResult(carried.GetValueOrDefault(unit.Id)), h => h is not null,
            TimeSpan.FromSeconds(10), "the event delivered with its trace context");
        Assert.True(ActivityContext.TryParse(header, null, out var context), $"not a W3C traceparent: {header}");
        Assert.Equal(traceId, context.TraceId);
        Assert.Equal(sampled, context.TraceFlags.HasFlag(ActivityTraceFlags.Recorded));
        await probe.StopAsync();
    }

    private static OrgUnit NewUnit(string prefix)
    {
        var id = Guid.NewGuid();
        return new OrgUnit
        {
            Id = id, Code = prefix + id.ToString("N")[..8], Name = "测试县委", Kind = OrgUnitKind.CountyCommittee,
            Domain = OrgDomain.GovernmentOrgan,
            Path = OrgUnit.PathFor(null, id), Version = 1, CreatedAt = DateTimeOffset.UtcNow,
        };
    }
}
