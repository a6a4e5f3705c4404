using Npgsql;
using Party.Testing;

namespace Party.Branches.Tests;

/// <summary>
/// An idle service's outbox dispatcher asks its database about once a second. Its own commit used to wake it again at
/// once, so every service spun at ~160 transactions a second and together they kept a 2-core machine busy doing nothing.
/// </summary>
public class IdleOutboxTests(BranchesFactory factory) : IClassFixture<BranchesFactory>
{
    [Fact]
    public async Task An_idle_service_does_not_keep_polling_its_outbox()
    {
        _ = factory.Services; // starts the service, and with it the dispatcher
        await using var conn = new NpgsqlConnection(TestServers.DatabaseConnection("postgres"));
        await conn.OpenAsync();
        var before = await TransactionsAsync(conn);
        var window = TimeSpan.FromSeconds(6);
        await Task.Delay(window); // the quantity measured is what happens in a stretch of time, not a wait for an event
        var after = await TransactionsAsync(conn);

        // One poll a second plus the backlog read every 10 s is ~7 in the window; PostgreSQL publishes a backend's
        // counts at most once a second, so the figure seen may lag by one flush. The spinning dispatcher made hundreds.
        Assert.InRange(after - before, 0, 30);
    }

    private async Task<long> TransactionsAsync(NpgsqlConnection conn)
    {
        // A fresh snapshot of the shared statistics each time (they are otherwise cached for the transaction).
        await using (var clear = new NpgsqlCommand("SELECT pg_stat_clear_snapshot()", conn)) await clear.ExecuteNonQueryAsync();
        await using var cmd = new NpgsqlCommand("SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = @db", conn);
        cmd.Parameters.AddWithValue("db", factory.DatabaseName);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
