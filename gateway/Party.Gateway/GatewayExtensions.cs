using Microsoft.AspNetCore.Authentication.JwtBearer;
using Party.ServiceDefaults;
using Party.ServiceDefaults.Health;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Redis;

namespace Party.Gateway;

/// <summary>
/// The gateway's whole set-up in two steps, as every service has its own: <see cref="AddGateway"/> registers what it
/// needs, <see cref="MapGateway"/> composes the pipeline in its one order and logs where each route goes.
/// </summary>
public static class GatewayExtensions
{
    /// <summary>What the start-up log reports, as read once from the configuration the routes were built from.</summary>
    private sealed record GatewayStart(IReadOnlyList<UpstreamService> Upstreams, UpstreamService? Portal, GatewayOptions Options);

    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults(); // no database: readiness is the clusters' instances and Redis
        // YARP logs every proxied request and every successful health probe at Information: keep those
        // out of the console (health state changes and failures still show) unless Logging:LogLevel:Yarp is set.
        if (builder.Configuration["Logging:LogLevel:Yarp"] is null)
        {
            builder.Logging.AddFilter("Yarp.ReverseProxy.Forwarder", LogLevel.Warning);
            builder.Logging.AddFilter("Yarp.ReverseProxy.Health.ActiveHealthCheckMonitor", LogLevel.Warning);
        }

        var gatewaySection = builder.Configuration.GetSection(GatewayOptions.Section);
        builder.Services.Configure<GatewayOptions>(gatewaySection);
        var gatewayOptions = gatewaySection.Get<GatewayOptions>() ?? new GatewayOptions();
        var upstreams = ProxyRoutes.ReadServices(builder.Configuration);
        builder.Services.AddSingleton(upstreams);
        var portal = ProxyRoutes.ReadPortal(builder.Configuration);
        builder.Services.AddSingleton(new GatewayStart(upstreams, portal, gatewayOptions));

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(GatewayPolicies.Authenticated, p => p.RequireAuthenticatedUser());
        builder.Services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, GatewayAuth.WriteProblems);
        builder.Services.AddGatewayRateLimiting();
        builder.Services.AddSingleton<ClientUsage>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ClientUsage>());
        builder.Services.AddHealthChecks().AddCheck<ClusterHealthCheck>("clusters", tags: [Party.ServiceDefaults.Extensions.ReadyTag]);
        builder.Services.AddHttpClient(DocsEndpoints.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
        builder.Services.AddReverseProxy()
            .LoadFromMemory(
                ProxyRoutes.Routes(upstreams, gatewayOptions, portal),
                ProxyRoutes.Clusters([.. upstreams, .. portal is null ? [] : new[] { portal }], gatewayOptions))
            .AddTransforms(ProxyRoutes.VersionTransforms);
        return builder;
    }

    public static WebApplication MapGateway(this WebApplication app)
    {
        // Not MapDefaultEndpoints(): that adds the services' idempotency store (which lives in a service database and would
        // answer writes at the edge) and their OpenAPI document. The gateway composes its own pipeline.
        app.UseConnectionCloseAfterRefusedBody();
        app.UseMiddleware<CorrelationIdMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRouting();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.UseAuthentication();
        app.UseMiddleware<ClientUsageMiddleware>(); // after authentication (the client is known), around the rate limiter (its 429s count)
        app.UseRateLimiter();   // after authentication (client = JWT sub), before authorization (anonymous floods count too)
        app.UseAuthorization();
        app.UseWhen(SignInGuardMiddleware.Guards, guarded => guarded.UseMiddleware<SignInGuardMiddleware>());

        app.MapHealthChecks(
                "/health",
                HealthReports.Options(r => r.Tags.Contains(Party.ServiceDefaults.Extensions.ReadyTag) || r.Tags.Contains("live")))
            .AllowAnonymous();
        app.MapHealthChecks("/alive", HealthReports.Options(r => r.Tags.Contains("live"))).AllowAnonymous();
        app.MapDocs();
        app.MapClientUsage();
        app.MapReverseProxy(ProxyPipeline.Configure);
        // An unknown API path is a problem document, also when the portal takes every other path.
        app.Map("/api/{**path}", NoSuchApi).RequireRateLimiting(GatewayPolicies.PerClientRateLimit);
        app.MapFallback("{**path}", NoSuchApi).RequireRateLimiting(GatewayPolicies.PerClientRateLimit);

        // Connect to Redis now rather than on the first request (a Redis that is down only means the rate
        // limit fails open until it is back).
        app.Services.GetRequiredService<RedisGate>();
        LogStart(app);
        return app;
    }

    private static void LogStart(WebApplication app)
    {
        var (upstreams, portal, gatewayOptions) = app.Services.GetRequiredService<GatewayStart>();
        var startLog = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Party.Gateway");
        foreach (var s in portal is null ? upstreams : [.. upstreams, portal])
        {
            if (s.Addresses.Count == 0)
                startLog.LogWarning("No address for service {Service} (services__{Service}__http__0): its routes answer 503.",
                    s.Name, s.Name);
            else startLog.LogInformation("Service {Service} → {Addresses}", s.Name, string.Join(", ", s.Addresses));
        }
        var rate = gatewayOptions.RateLimit;
        startLog.LogInformation("Rate limit per client: {Limit} requests per {Window} s (enabled: {Enabled}, shared through Redis).",
            rate.PermitLimit, rate.WindowSeconds, rate.Enabled);
    }

    // The detail stays one literal, however long: the problem-code catalogue (ProblemCodesCatalogTests) reads it from here.
    private static Task NoSuchApi(HttpContext http) => GatewayProblems.WriteAsync(http, StatusCodes.Status404NotFound, "resource.not_found",
        $"网关上没有接口 {http.Request.Path}：业务接口在 /api/members、/api/branches、/api/resident-cadres、/api/honors、/api/identity、/api/webhooks 下（县直部门接入用带版本的 /api/v1/…），令牌由 /connect/token 签发，文档见 /docs。");
}
