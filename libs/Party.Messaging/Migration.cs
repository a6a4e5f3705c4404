using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Party.Messaging;

public static class Migration
{
    // "PARTYMIG": one advisory-lock id for migrations; each service has its own database, so they never contend.
    private const long LockKey = 0x5041_5254_594D_4947;

    /// <summary>
    /// Applies pending migrations before the service reports healthy. Replicas start together: the first takes a
    /// session advisory lock and migrates, the others wait for it and then find nothing pending. (EF's own check of the
    /// history happens before its lock, so two replicas could both try the same migration.)
    /// </summary>
    public static async Task MigrateAsync<TDb>(this WebApplication app) where TDb : DbContext
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDb>();
        await db.Database.OpenConnectionAsync();
        try
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({LockKey})");
            // On a new database EF reads the history table before creating it and logs that failed read as an Error,
            // which the dashboard shows on the service as if something were wrong: create the table first.
            await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync();
            // A restart, the usual case, has nothing to apply; MigrateAsync would still compare the whole model with the
            // last migration's snapshot (to warn of a model change without a migration), which took ~20 s of CPU on a
            // busy 2-core host and delayed every restart after a crash. That comparison runs in the tests instead
            // (MigrationTests), where a missing migration must fail anyway.
            if ((await db.Database.GetPendingMigrationsAsync()).Any()) await db.Database.MigrateAsync();
        }
        finally
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({LockKey})");
            await db.Database.CloseConnectionAsync();
        }
    }
}
