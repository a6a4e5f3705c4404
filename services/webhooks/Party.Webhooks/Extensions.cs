using Party.Messaging;
using Party.Persistence;
using Party.Persistence.OrgUnits;
using Party.Webhooks.Apis;
using Party.Webhooks.Data;
using Party.Webhooks.Delivery;

namespace Party.Webhooks;

public static class Extensions
{
    public const string Database = "webhooks";
    public const string ApiPrefix = "webhooks";

    public static WebApplicationBuilder AddWebhooks(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<WebhookSettings>(builder.Configuration.GetSection(WebhookSettings.Section));
        var settings = builder.Configuration.GetSection(WebhookSettings.Section).Get<WebhookSettings>() ?? new WebhookSettings();
        builder.AddPartyDbContext<WebhooksDbContext>(Database);
        builder.Services.AddMigration<WebhooksDbContext>();
        builder.AddPartyMessaging<WebhooksDbContext>(ApiPrefix, typeof(Extensions).Assembly);
        builder.Services.AddOrgUnitReplica<WebhooksDbContext>();
        builder.Services.AddSingleton<DeliverySignal>();
        // Receivers are the bureaus' servers: no redirects followed (a signed body must not be replayed elsewhere), no
        // resilience handler (retries are the queue's, with back-off over 24 h), a hard timeout.
        builder.Services.AddHttpClient(DeliveryWorker.HttpClientName, c =>
            {
                c.Timeout = TimeSpan.FromSeconds(settings.TimeoutSeconds);
                c.DefaultRequestHeaders.UserAgent.ParseAdd("Party-Webhooks/1.0");
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                MaxConnectionsPerServer = Math.Max(1, settings.MaxInFlightPerReceiver),
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });
        builder.Services.AddHostedService<DeliveryWorker>();
        return builder;
    }

    /// <summary>Every endpoint of the service, in the order the OpenAPI document lists them.</summary>
    public static IEndpointRouteBuilder MapWebhooksApis(this IEndpointRouteBuilder app)
    {
        app.MapOrgUnitReplicaApi(ApiPrefix);
        app.MapWebhooksApi();
        return app;
    }
}
