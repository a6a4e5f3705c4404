using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Data;
using Party.ServiceDefaults.Health;
using Party.ServiceDefaults.Idempotency;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Redis;
using Party.ServiceDefaults.Scope;
using Party.ServiceDefaults.Telemetry;
using Party.ServiceDefaults.Testing;

namespace Party.ServiceDefaults;

public static class Extensions
{
    public const string ReadyTag = "ready";
    /// <summary>Default request body limit; endpoints that take files raise it for themselves.</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    /// <summary>
    /// Everything a Party service shares: telemetry, health, problem details, JSON rules, JWT
    /// validation, org scope, idempotency, Redis and the clock. <paramref name="database"/> names the
    /// connection string the readiness check probes (the service's own database).
    /// </summary>
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, string? database = null)
    {
        var services = builder.Services;
        // Per-endpoint limits are applied by RequestSizeLimitMiddleware; Kestrel's own ceiling only bounds the largest upload.
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 64 * 1024 * 1024);

        if (builder.Configuration.GetValue<bool>(ClockControl.Setting))
        {
            var clock = new OffsetTimeProvider();
            services.AddSingleton(clock);
            services.AddSingleton<TimeProvider>(clock);
        }
        else
        {
            services.AddSingleton(TimeProvider.System);
        }
        services.AddHttpContextAccessor();
        services.AddPartyProblemDetails();
        services.ConfigureHttpJsonOptions(o => ConfigureJson(o.SerializerOptions));
        services.AddPartyAuthentication(builder.Configuration);
        services.AddScoped<OrgScope>();
        services.AddOpenApi(o => o.MarkFieldRules().MarkDeprecations().DocumentProblems());

        // The one connection to Redis, used only through the gate (short timeouts, skipped while unavailable).
        services.AddSingleton<RedisGate>();

        var health = services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"])
            .AddCheck<RedisHealthCheck>("redis", tags: [ReadyTag]);
        if (database is not null)
        {
            var cs = ServiceDatabase.ConnectionString(builder.Configuration, database);
            health.AddAsyncCheck("database", async ct =>
            {
                try
                {
                    await using var conn = new NpgsqlConnection(cs);
                    await conn.OpenAsync(ct);
                    await using var cmd = new NpgsqlCommand("select 1", conn);
                    await cmd.ExecuteScalarAsync(ct);
                    return HealthCheckResult.Healthy();
                }
                catch (Exception e)
                {
                    return HealthCheckResult.Unhealthy("database unreachable", e);
                }
            }, [ReadyTag]);
        }

        builder.AddPartyTelemetry();
        return builder;
    }

    public static void ConfigureJson(JsonSerializerOptions o)
    {
        o.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        o.DictionaryKeyPolicy = JsonNamingPolicy.CamelCase;
        // Integers are refused as enum values so that a typo cannot silently pick another member.
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
    }

    /// <summary>
    /// Traces and metrics to the dashboard (OTLP), and the framework's per-request logging quieted; also used by the portal,
    /// which takes no other service default.
    /// </summary>
    public static void AddPartyTelemetry(this WebApplicationBuilder builder)
    {
        // ASP.NET Core logs two lines per request, EF every SQL command and IHttpClientFactory four lines per outgoing
        // request at Information; under load that costs more than the work itself (each webhook delivery sent the dashboard
        // four log records: ./party bench webhooks). Traces carry all of them; set Logging:LogLevel:<category> to see them.
        foreach (var category in new[] { "Microsoft.AspNetCore", "Microsoft.EntityFrameworkCore", "System.Net.Http.HttpClient" })
        {
            if (builder.Configuration[$"Logging:LogLevel:{category}"] is null) builder.Logging.AddFilter(category, LogLevel.Warning);
        }

        var sampler = TraceSampling.For(builder.Configuration);
        var otel = builder.Services.AddOpenTelemetry()
            .WithTracing(t =>
            {
                t.AddAspNetCoreInstrumentation(o => o.Filter = http =>
                        !http.Request.Path.StartsWithSegments("/health") && !http.Request.Path.StartsWithSegments("/alive"))
                    .AddHttpClientInstrumentation()
                    .AddNpgsql()
                    .AddSource("MassTransit")
                    .AddSource("Party.*");
                if (sampler is not null) t.SetSampler(sampler);
            })
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("MassTransit")
                .AddMeter("Party.*")
                .AddView(MetricSeriesLimits.For));
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            otel.UseOtlpExporter();
        }
    }

    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.UseConnectionCloseAfterRefusedBody();
        app.UseDeprecationHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestSizeLimitMiddleware>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<TextInputMiddleware>();
        app.UseMiddleware<YearParametersMiddleware>();
        // A service with a database keeps its idempotency keys there (AddPartyIdempotency).
        if (app.Services.GetService<IServiceProviderIsService>()?.IsService(typeof(IdempotencyDb)) == true)
        {
            app.UseMiddleware<IdempotencyMiddleware>();
        }
        app.MapHealthChecks("/health", HealthReports.Options(r => r.Tags.Contains(ReadyTag) || r.Tags.Contains("live"))).AllowAnonymous();
        app.MapHealthChecks("/alive", HealthReports.Options(r => r.Tags.Contains("live"))).AllowAnonymous();
        app.MapOpenApi().AllowAnonymous();
        if (app.Services.GetService<OffsetTimeProvider>() is { } clock) app.MapClockControl(clock);
        return app;
    }
}
