using System.Reflection;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Party.Messaging.Inbox;
using Party.Messaging.Outbox;

namespace Party.Messaging;

public static class MessagingExtensions
{
    /// <summary>
    /// MassTransit over RabbitMQ with quorum queues, endpoints prefixed by the service name (so
    /// each service gets its own queue per consumer and replicas of one service compete), retries
    /// then the <c>_error</c> queue, and the outbox dispatcher.
    /// </summary>
    public static WebApplicationBuilder AddPartyMessaging<TDb>(this WebApplicationBuilder builder, string serviceName, Assembly consumers)
        where TDb : DbContext, IMessagingDbContext
    {
        var rabbit = builder.Configuration.GetConnectionString("rabbitmq")
            ?? throw new InvalidOperationException("ConnectionStrings__rabbitmq is not set.");
        var formatter = new KebabCaseEndpointNameFormatter(serviceName, false);
        var consumerTypes = consumers.GetTypes()
            .Where(t => t is { IsAbstract: false, IsGenericTypeDefinition: false } && t.IsAssignableTo(typeof(IConsumer)))
            .ToArray();
        var queues = consumerTypes
            .Select(t => (string)typeof(IEndpointNameFormatter).GetMethod(nameof(IEndpointNameFormatter.Consumer))!
                .MakeGenericMethod(t)
                .Invoke(formatter, null)!)
            .ToArray();
        builder.Services.AddMassTransit(x =>
        {
            x.SetEndpointNameFormatter(formatter);
            // MassTransit otherwise sends its vendor a description of the bus (host, versions, time zone, endpoints) after
            // every start. A county's party records run on a closed network: the call fails, with a warning in the log of
            // each service, and no part of this system may report to a third party. MASSTRANSIT_USAGE_TELEMETRY
            // still overrides it.
            x.ConfigureUsageTelemetryOptions(o => o.Enabled = false);
            foreach (var type in consumerTypes)
                x.AddConsumer(type, IsBatchConsumer(type) ? typeof(BatchConsumerDefinition<>).MakeGenericType(type) : null);
            x.AddConfigureEndpointsCallback((_, _, cfg) =>
            {
                if (cfg is IRabbitMqReceiveEndpointConfigurator rmq) rmq.SetQuorumQueue();
                cfg.UseMessageRetry(r => r.Intervals(200, 1000, 3000));
            });
            x.ConfigureHealthCheckOptions(o =>
            {
                o.Tags.Add(ServiceDefaults.Extensions.ReadyTag);
                // Writes keep working while the broker is away (the outbox holds the events), so a lost
                // broker degrades /health (reported in its body) instead of taking the instance out of the gateway.
                o.MinimalFailureStatus = Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded;
            });
            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(new Uri(rabbit));
                cfg.ConfigureEndpoints(context);
            });
        });
        builder.Services.AddScoped<IOutboxPublisher, BusOutboxPublisher>();
        builder.Services.AddHostedService<OutboxDispatcher<TDb>>();
        builder.Services.AddSingleton<ErrorQueueMonitor>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ErrorQueueMonitor>());
        builder.Services.AddHealthChecks()
            .AddCheck<BrokerHealthCheck>("broker", tags: [ServiceDefaults.Extensions.ReadyTag])
            .AddCheck<ErrorQueueHealthCheck>("error-queues", tags: [ServiceDefaults.Extensions.ReadyTag]);
        builder.Services.AddSingleton(new MessagingServiceName(serviceName, queues));
        return builder;
    }

    private static bool IsBatchConsumer(Type consumer) => consumer.GetInterfaces().Any(i =>
        i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConsumer<>)
        && i.GetGenericArguments()[0] is { IsGenericType: true } message && message.GetGenericTypeDefinition() == typeof(Batch<>));
}

public sealed record MessagingServiceName(string Value, IReadOnlyList<string> ReceiveQueues);
