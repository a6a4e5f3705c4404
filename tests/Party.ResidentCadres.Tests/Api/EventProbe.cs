using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Party.ResidentCadres.Tests.Api;

/// <summary>A temporary receive endpoint bound to an event type, standing in for honors (as in the branches outbox test).</summary>
public sealed class EventProbe<T> : IAsyncDisposable where T : class
{
    private readonly ConcurrentQueue<T> _received = new();
    private HostReceiveEndpointHandle? _handle;

    public IReadOnlyList<T> Messages => _received.ToList();

    public static async Task<EventProbe<T>> StartAsync(IServiceProvider services)
    {
        var probe = new EventProbe<T>();
        probe._handle = services.GetRequiredService<IBus>().ConnectReceiveEndpoint("cadres-test-probe-" + Guid.NewGuid().ToString("N")[..8],
            e => e.Handler<T>(ctx => { probe._received.Enqueue(ctx.Message); return Task.CompletedTask; }));
        await probe._handle.Ready;
        return probe;
    }

    public async ValueTask DisposeAsync()
    {
        if (_handle is not null) await _handle.StopAsync();
    }
}
