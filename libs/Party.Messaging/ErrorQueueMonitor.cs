using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Party.Messaging;

/// <summary>
/// Reads the depth of this service's <c>_error</c> queues every 5 s (<c>Party:Messaging:ErrorQueuePollSeconds</c>): a
/// message there is an event some local read model never applied, which an operator must look at. Each round also
/// tells whether the broker answers at all (within <c>Party:Messaging:BrokerProbeTimeoutSeconds</c>, 3 s), which the
/// bus itself does not notice while the broker is frozen and the TCP connection still stands.
/// <para>
/// The error queues are declared up front, exactly as MassTransit declares them on the first fault (a fanout
/// exchange and a durable quorum queue of the same name, bound together), so the depth is read without ever naming a
/// queue that does not exist: a passive declare of a missing queue makes the broker close the channel and log a
/// <c>not_found</c> error, which would bury real errors in the broker's log.
/// </para>
/// </summary>
public sealed class ErrorQueueMonitor(IConfiguration config, MessagingServiceName service, ILogger<ErrorQueueMonitor> log)
    : BackgroundService
{
    private static readonly Meter Meter = new("Party.Messaging");
    private static readonly Dictionary<string, object?> QueueArguments = new() { ["x-queue-type"] = "quorum" };
    private long _depth;
    private long _rounds;
    private long _channelsClosedByBroker;
    private volatile Snapshot _last = new(null, new Dictionary<string, uint>(), "尚未连上 RabbitMQ");

    public long Depth => Interlocked.Read(ref _depth);
    /// <summary>Completed rounds (every error queue declared and read).</summary>
    public long Rounds => Interlocked.Read(ref _rounds);
    /// <summary>Channels of this monitor the broker closed (a channel error, such as not_found, on its side).</summary>
    public long ChannelsClosedByBroker => Interlocked.Read(ref _channelsClosedByBroker);
    internal Snapshot Last => _last;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Meter.CreateObservableGauge("party.messaging.error_queue_depth", () => Depth,
            description: "messages waiting in this service's _error queues");
        var interval = TimeSpan.FromSeconds(config.GetValue("Party:Messaging:ErrorQueuePollSeconds", 5.0));
        var timeout = TimeSpan.FromSeconds(config.GetValue("Party:Messaging:BrokerProbeTimeoutSeconds", 3.0));
        var factory = new ConnectionFactory
        {
            Uri = new Uri(config.GetConnectionString("rabbitmq")!),
            ClientProvidedName = $"{service.Value} error-queue monitor",
            RequestedConnectionTimeout = timeout,
            HandshakeContinuationTimeout = timeout,
            ContinuationTimeout = timeout,
            AutomaticRecoveryEnabled = false,
        };
        IConnection? connection = null;
        IChannel? channel = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            using var round = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            round.CancelAfter(timeout);
            try
            {
                if (channel is not { IsOpen: true })
                {
                    Drop(ref connection, ref channel);
                    var opening = OpenAsync(factory, round.Token);
                    try
                    {
                        (connection, channel) = await opening.WaitAsync(timeout, stoppingToken);
                    }
                    catch
                    {
                        // Abandoned at the deadline: a connection that opens late is closed as soon as it exists.
                        _ = opening.ContinueWith(t => t.Result.Connection.AbortAsync(TimeSpan.FromSeconds(1)), CancellationToken.None,
                            TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
                        throw;
                    }
                }
                var depths = await ReadDepthsAsync(channel, round.Token).WaitAsync(timeout, stoppingToken);
                Interlocked.Exchange(ref _depth, depths.Values.Sum(d => (long)d));
                _last = new Snapshot(DateTimeOffset.UtcNow, depths, null);
                Interlocked.Increment(ref _rounds);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                var reason = e is OperationCanceledException or TimeoutException
                    ? $"RabbitMQ 在 {timeout.TotalSeconds:0} 秒内未应答"
                    : $"RabbitMQ 不可用：{e.Message}";
                if (_last.BrokerProblem is null) log.LogWarning("Error-queue depth unavailable: {Reason}", reason);
                _last = _last with { BrokerProblem = reason };
                Drop(ref connection, ref channel);
            }
            await Task.Delay(interval, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        Drop(ref connection, ref channel);
    }

    // Both steps are also bounded by the caller's WaitAsync, not only by the client's timeouts and the token: a round that
    // never ends leaves /health on the last good round for as long as the broker stays frozen. A clean-clone run once
    // read Healthy for 20 s with the broker's relay frozen, and a round stuck past its token is the one way to get there.
    private async Task<(IConnection Connection, IChannel Channel)> OpenAsync(ConnectionFactory factory, CancellationToken ct)
    {
        var connection = await factory.CreateConnectionAsync(ct);
        try
        {
            var channel = await connection.CreateChannelAsync(cancellationToken: ct);
            channel.ChannelShutdownAsync += CountBrokerClose;
            return (connection, channel);
        }
        catch
        {
            await connection.AbortAsync(TimeSpan.FromSeconds(1));
            throw;
        }
    }

    private async Task<Dictionary<string, uint>> ReadDepthsAsync(IChannel channel, CancellationToken ct)
    {
        var depths = new Dictionary<string, uint>();
        foreach (var queue in service.ReceiveQueues.Select(q => q + "_error"))
        {
            await channel.ExchangeDeclareAsync(queue, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: ct);
            var declared = await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, QueueArguments,
                cancellationToken: ct);
            await channel.QueueBindAsync(queue, queue, "", cancellationToken: ct);
            depths[queue] = declared.MessageCount;
        }
        return depths;
    }

    private Task CountBrokerClose(object sender, ShutdownEventArgs e)
    {
        if (e.Initiator == ShutdownInitiator.Peer)
        {
            Interlocked.Increment(ref _channelsClosedByBroker);
            log.LogWarning("The broker closed the error-queue monitor's channel: {Code} {Text}", e.ReplyCode, e.ReplyText);
        }
        return Task.CompletedTask;
    }

    /// <summary>Abandons a connection without waiting for a broker that may not answer.</summary>
    private static void Drop(ref IConnection? connection, ref IChannel? channel)
    {
        var (c, ch) = (connection, channel);
        connection = null;
        channel = null;
        if (c is null) return;
        _ = Task.Run(async () =>
        {
            try
            {
                if (ch is not null) await ch.DisposeAsync();
                await c.AbortAsync(TimeSpan.FromSeconds(1));
                await c.DisposeAsync();
            }
            catch (Exception)
            {
                // Nothing to do about a connection that is already gone.
            }
        });
    }

    internal sealed record Snapshot(DateTimeOffset? ReadAt, IReadOnlyDictionary<string, uint> Depths, string? BrokerProblem);
}

/// <summary>The broker in <c>/health</c>: Degraded while it does not answer (writes still work: the outbox holds the events).</summary>
public sealed class BrokerHealthCheck(ErrorQueueMonitor monitor) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
        Task.FromResult(monitor.Last.BrokerProblem is { } problem
            ? HealthCheckResult.Degraded($"{problem}；事件留在发件箱，恢复后补发")
            : HealthCheckResult.Healthy());
}

public sealed class ErrorQueueHealthCheck(ErrorQueueMonitor monitor) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var waiting = monitor.Last.Depths.Where(d => d.Value > 0).Select(d => $"{d.Key}（{d.Value} 条）").ToList();
        return Task.FromResult(waiting.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Degraded($"错误队列中有未处理的消息：{string.Join("、", waiting)}"));
    }
}
