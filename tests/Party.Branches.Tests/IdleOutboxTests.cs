using Npgsql;
using Party.Testing;

namespace Party.Branches.Tests;

/// <summary>
/// An idle service's outbox dispatcher asks its database about once a second. Its own commit used to wake it again at
/// once, so every service spun at ~160 transactions a second and together they kept a 2-core machine busy doing nothing.
/// Counted as scans of outbox_messages, which only the dispatcher reads, so the service's start-up jobs do not blur it.
/// </summary>
public class IdleOutboxTests(BranchesFactory factory) : IClassFixture<BranchesFactory>
{
    [Fact]
    public async Task An_idle_service_does_not_keep_polling_its_outbox()
    {
        _ = factory.Services; // starts the service, and with it the dispatcher
        await using var conn = new NpgsqlConnection(factory.ConnectionString);
        await conn.OpenAsync();
        var before = await OutboxScansAsync(conn);
        var window = TimeSpan.FromSeconds(6);
        await Task.Delay(window); // the quantity measured is what happens in a stretch of time, not a wait for an event
        var after = await OutboxScansAsync(conn);

        // Only the dispatcher reads outbox_messages: one claim a second plus the backlog count every 10 s is ~7 scans in
        // the window, and PostgreSQL publishes a backend's counts at most once a second, so the figure seen may lag by a
        // flush. Measured: 5-6 here, 922 with the spinning dispatcher.
        Assert.InRange(after - before, 0, 30);
    }

    private static async Task<long> OutboxScansAsync(NpgsqlConnection conn)
    {
        // A fresh snapshot of the statistics each time (they are otherwise cached for the transaction).
        await using (var clear = new NpgsqlCommand("SELECT pg_stat_clear_snapshot()", conn)) await clear.ExecuteNonQueryAsync();
        await using var cmd = new NpgsqlCommand(
            "SELECT seq_scan + coalesce(idx_scan, 0) FROM pg_stat_user_tables WHERE relname = 'outbox_messages'", conn);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
