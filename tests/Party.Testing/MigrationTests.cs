using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Party.Testing;

/// <summary>
/// The service's migrations describe its model exactly and are all applied at start. The services skip EF's own
/// model-against-snapshot comparison when nothing is pending (it is slow at every restart), so this is where a model
/// change without its migration is caught. A test project derives one class per DbContext.
/// </summary>
public abstract class MigrationTests<TFactory, TProgram, TDb>(TFactory factory)
    where TFactory : ServiceFactory<TProgram>
    where TProgram : class
    where TDb : DbContext
{
    [Fact]
    public void Every_model_change_has_its_migration()
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TDb>();
        Assert.False(db.Database.HasPendingModelChanges(),
            $"The {typeof(TDb).Name} model differs from its last migration: add one with dotnet ef migrations add.");
    }

    [Fact]
    public async Task Every_migration_is_applied_at_start()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDb>();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
    }
}
