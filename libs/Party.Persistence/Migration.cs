using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Party.Persistence;

public static class Migration
{
    // "PARTYMIG": one advisory-lock id for migrations; each service has its own database, so they never contend.
    private const long LockKey = 0x5041_5254_594D_4947;

    /// <summary>
    /// Applies the pending migrations of <typeparamref name="TDb"/> as the host starts: a hosted service that runs
    /// before every other one (the bus, the outbox dispatcher, the background jobs) and before the server listens, so
    /// nothing reads or writes the database, and <c>/health</c> answers nothing, until it is up to date. A failure stops
    /// the start. <paramref name="then"/> (seeding, say) runs after the migration, still before the server listens.
    /// </summary>
    public static IServiceCollection AddMigration<TDb>(this IServiceCollection services,
        Func<IServiceProvider, CancellationToken, Task>? then = null) where TDb : DbContext
    {
        // A hosted service added later starts later; one added earlier (AddServiceDefaults, AddPartyMessaging) would
        // start first, so this one goes in front of every hosted service that is not a migration.
        var at = 0;
        while (at < services.Count && (services[at].ServiceType != typeof(IHostedService) || IsMigration(services[at]))) at++;
        services.Insert(at, ServiceDescriptor.Singleton<IHostedService>(new MigrationStep<TDb>(then).Create));
        return services;
    }

    /// <summary>
    /// Applies pending migrations before the service reports healthy. Replicas start together: the first takes a
    /// session advisory lock and migrates, the others wait for it and then find nothing pending. (EF's own check of the
    /// history happens before its lock, so two replicas could both try the same migration.)
    /// </summary>
    public static async Task MigrateAsync<TDb>(this IServiceProvider services, CancellationToken ct) where TDb : DbContext
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDb>();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({LockKey})", ct);
            // On a new database EF reads the history table before creating it and logs that failed read as an Error,
            // which the dashboard shows on the service as if something were wrong: create the table first.
            await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(ct);
            // A restart, the usual case, has nothing to apply; MigrateAsync would still compare the whole model with the
            // last migration's snapshot (to warn of a model change without a migration), the heaviest work in stack
            // samples of a service restarting after a crash. That comparison runs in the tests instead
            // (MigrationTests), where a missing migration must fail anyway.
            if ((await db.Database.GetPendingMigrationsAsync(ct)).Any()) await db.Database.MigrateAsync(ct);
        }
        finally
        {
            // Not cancelled: a start that is given up still leaves the lock to the next replica.
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
            await db.Database.CloseConnectionAsync();
        }
    }

    private static bool IsMigration(ServiceDescriptor d) => !d.IsKeyedService && d.ImplementationFactory?.Target is IMigrationStep;

    private interface IMigrationStep;

    private sealed class MigrationStep<TDb>(Func<IServiceProvider, CancellationToken, Task>? then) : IMigrationStep where TDb : DbContext
    {
        public IHostedService Create(IServiceProvider services) => new MigrationHostedService<TDb>(services, then);
    }

    private sealed class MigrationHostedService<TDb>(IServiceProvider services, Func<IServiceProvider, CancellationToken, Task>? then)
        : IHostedService where TDb : DbContext
    {
        public async Task StartAsync(CancellationToken ct)
        {
            await services.MigrateAsync<TDb>(ct);
            if (then is not null) await then(services, ct);
        }

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}
