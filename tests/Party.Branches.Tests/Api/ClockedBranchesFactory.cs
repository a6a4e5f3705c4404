using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Party.Testing;

namespace Party.Branches.Tests.Api;

/// <summary>
/// A clock tests can set. Only "now" is fake: timers and delays (outbox back-off, MassTransit) keep running
/// on real time, so moving the business date never stalls the infrastructure.
/// </summary>
public sealed class TestClock : TimeProvider
{
    private DateTimeOffset _now = new(2027, 1, 11, 2, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;
    public void Set(DateTimeOffset now) => _now = now;
    public void Advance(TimeSpan by) => _now += by;
}

/// <summary>The branches service with a settable business clock (business dates drive notices and report periods).</summary>
public sealed class ClockedBranchesFactory() : ServiceFactory<Program>(Extensions.Database)
{
    public TestClock Clock { get; } = new();

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        services.RemoveAll<TimeProvider>();
        services.AddSingleton<TimeProvider>(Clock);
    }

    /// <summary>Listens on a queue of its own for events of one type published by the service (through its outbox).</summary>
    public async Task<EventProbe<T>> ProbeAsync<T>() where T : class
    {
        var probe = new EventProbe<T>();
        var bus = Services.GetRequiredService<IBus>();
        probe.Handle = bus.ConnectReceiveEndpoint("branches-test-probe-" + Guid.NewGuid().ToString("N")[..8], e =>
            e.Handler<T>(ctx => { probe.Received.Enqueue(ctx.Message); return Task.CompletedTask; }));
        await probe.Handle.Ready;
        return probe;
    }

    public async Task<CountyTree> NewCountyAsync(int townships, int villages) =>
        await new OrgTreeClient(OperatorClient()).CreateCountyAsync("C" + Guid.NewGuid().ToString("N")[..8], townships, villages);
}

public sealed class EventProbe<T> : IAsyncDisposable where T : class
{
    public ConcurrentQueue<T> Received { get; } = new();
    internal HostReceiveEndpointHandle Handle { get; set; } = null!;

    public ValueTask DisposeAsync() => new(Handle.StopAsync());
}
