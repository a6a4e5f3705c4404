using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
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
            await db.Database.MigrateAsync();
        }
        finally
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({LockKey})");
            await db.Database.CloseConnectionAsync();
        }
    }
}
