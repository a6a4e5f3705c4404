using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Party.Branches.Data;
using Party.Persistence;
using Party.Testing;

namespace Party.Platform.Tests;

/// <summary>
/// AddMigration (issue 15): the migration is a step of the host's start, applied on a new database before any other
/// hosted service starts, even one registered before it, and before the step's own follow-up.
/// </summary>
public class MigrationStepTests
{
    [Fact]
    public async Task The_hosted_migration_applies_pending_migrations_before_the_other_hosted_services_start()
    {
        var database = $"t_{Guid.NewGuid().ToString("N")[..10]}_migration";
        await TestServers.CreateDatabaseAsync(database);
        try
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
            builder.WebHost.UseTestServer();
            builder.Configuration["ConnectionStrings:branches"] = TestServers.DatabaseConnection(database);
            builder.Services.AddSingleton(TimeProvider.System); // AddServiceDefaults' part that the idempotency cleanup needs
            builder.AddPartyDbContext<BranchesDbContext>("branches");
            var pendingSeen = new List<(string By, int Pending)>();
            builder.Services.AddHostedService(sp => new PendingProbe(sp, "earlier hosted service", pendingSeen));
            builder.Services.AddMigration<BranchesDbContext>(async (sp, ct) =>
                pendingSeen.Add(("follow-up", await PendingProbe.CountAsync(sp, ct))));

            await using var app = builder.Build();
            await app.StartAsync();
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<BranchesDbContext>();
                Assert.Empty(await db.Database.GetPendingMigrationsAsync());
                Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
            }
            Assert.Equal(new (string, int)[] { ("follow-up", 0), ("earlier hosted service", 0) }, pendingSeen);
            await app.StopAsync();
        }
        finally
        {
            await TestServers.DropDatabaseAsync(database);
        }
    }

    private sealed class PendingProbe(IServiceProvider services, string name, List<(string, int)> seen) : IHostedService
    {
        public async Task StartAsync(CancellationToken ct) => seen.Add((name, await CountAsync(services, ct)));

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

        public static async Task<int> CountAsync(IServiceProvider services, CancellationToken ct)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<BranchesDbContext>();
            return (await db.Database.GetPendingMigrationsAsync(ct)).Count();
        }
    }
}
