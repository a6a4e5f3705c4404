using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Party.Messaging;
using Party.Messaging.Outbox;
using Party.Persistence.Jobs;
using Party.ServiceDefaults.Data;
using Party.ServiceDefaults.Idempotency;

namespace Party.Persistence;

public static class PersistenceExtensions
{
    /// <summary>
    /// The service's DbContext on its own PostgreSQL database (snake_case names), with the outbox
    /// signal wired in, the <c>Idempotency-Key</c> store in it, and the hourly removal of keys and messages past retention.
    /// </summary>
    public static WebApplicationBuilder AddPartyDbContext<TDb>(this WebApplicationBuilder builder, string database)
        where TDb : DbContext, IMessagingDbContext
    {
        var cs = ServiceDatabase.ConnectionString(builder.Configuration, database);
        builder.Services.AddPartyIdempotency<TDb>();
        builder.Services.AddHostedService<RetentionCleanup<TDb>>();
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<OutboxSignalInterceptor>();
        // Pooled: a request's context comes with its internal services already resolved. Unpooled, setting them up was
        // most of the CPU of a check-in's one read (dotnet-trace of resident-cadres under ./party bench cadres-checkin).
        // The contexts hold no state of their own beyond what EF resets between uses.
        builder.Services.AddDbContextPool<TDb>((sp, o) => UsePartyDatabase(o, cs)
            .AddInterceptors(sp.GetRequiredService<OutboxSignalInterceptor>()));
        // Aspire's integration adds the Npgsql metrics (pool, command durations) to the dashboard and reads its settings
        // from Aspire:Npgsql:EntityFrameworkCore:PostgreSQL. Its retrying execution strategy stays off: the services run
        // their own transactions (the outbox claims rows FOR UPDATE SKIP LOCKED), which a retrying strategy refuses, and a
        // retried non-idempotent write is exactly what the outbox exists to avoid. The readiness check stays ours (tagged
        // "ready" for /health).
        builder.EnrichNpgsqlDbContext<TDb>(settings =>
        {
            settings.DisableRetry = true;
            settings.DisableHealthChecks = true;
        });
        return builder;
    }

    /// <summary>
    /// The options <c>dotnet ef</c> builds <typeparamref name="TDb"/> with (its <c>IDesignTimeDbContextFactory</c>; no
    /// server is reached): the provider and names of <see cref="AddPartyDbContext{TDb}"/>, so a migration is made
    /// against the model the service runs.
    /// </summary>
    public static DbContextOptions<TDb> DesignTimeOptions<TDb>(string database) where TDb : DbContext =>
        UsePartyDatabase(new DbContextOptionsBuilder<TDb>(), $"Host=localhost;Database={database}").Options;

    private static T UsePartyDatabase<T>(T options, string? connectionString) where T : DbContextOptionsBuilder
    {
        options
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention()
            // EF logs every failed save and command at Error, with the stack, before the caller sees the exception. The
            // services turn a unique violation into a 409 (a code already in use, a month already closed), so a clerk's
            // duplicate put an error in the dashboard each time. A failure nobody handles is still logged, with its path,
            // by the exception handler (a 500), MassTransit (a consumer's fault) or the job that ran the statement.
            .ConfigureWarnings(w => w.Log(
                (CoreEventId.SaveChangesFailed, LogLevel.Debug),
                (RelationalEventId.CommandError, LogLevel.Debug)));
        return options;
    }
}
