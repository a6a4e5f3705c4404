using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Party.Messaging;

public static class Migration
{
    /// <summary>Applies pending migrations before the service reports healthy (EF takes a lock, so replicas may race safely).</summary>
    public static async Task MigrateAsync<TDb>(this WebApplication app) where TDb : DbContext
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<TDb>().Database.MigrateAsync();
    }
}
