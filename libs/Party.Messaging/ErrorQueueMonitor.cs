using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace Party.Messaging;

/// <summary>
/// Reads the depth of this service's <c>_error</c> queues every 15 s (<c>Party:Messaging:ErrorQueuePollSeconds</c>): a message there is an event
/// some local read model never applied, which an operator must look at.
/// </summary>
public sealed class ErrorQueueMonitor(IConfiguration config, MessagingServiceName service, ILogger<ErrorQueueMonitor> log) : BackgroundService
{
    private static readonly Meter Meter = new("Party.Messaging");
    private long _depth;

    public long Depth => Interlocked.Read(ref _depth);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Meter.CreateObservableGauge("party.messaging.error_queue_depth", () => Depth, description: "messages waiting in this service's _error queues");
        var factory = new ConnectionFactory { Uri = new Uri(config.GetConnectionString("rabbitmq")!) };
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await factory.CreateConnectionAsync(stoppingToken);
                long total = 0;
                foreach (var queue in ErrorQueues())
                {
                    // One channel per probe: the broker closes a channel whose passive declare names a queue
                    // that does not exist yet (an _error queue appears with its first fault).
                    await using var channel = await connection.CreateChannelAsync(cancellationToken: stoppingToken);
                    try
                    {
                        total += (await channel.QueueDeclarePassiveAsync(queue, stoppingToken)).MessageCount;
                    }
                    catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
                    {
                    }
                }
                Interlocked.Exchange(ref _depth, total);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogDebug(e, "Error-queue depth unavailable");
            }
            await Task.Delay(TimeSpan.FromSeconds(config.GetValue("Party:Messaging:ErrorQueuePollSeconds", 15.0)), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private IEnumerable<string> ErrorQueues() => service.ReceiveQueues.Select(q => q + "_error");
}

public sealed class ErrorQueueHealthCheck(ErrorQueueMonitor monitor) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
        Task.FromResult(monitor.Depth == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Degraded($"{monitor.Depth} message(s) in error queues"));
}
