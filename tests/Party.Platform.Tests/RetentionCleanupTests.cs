using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Party.Branches.Data;
using Party.Persistence.Jobs;

namespace Party.Platform.Tests;

/// <summary>
/// The hourly removal of idempotency keys and messages past retention, on a service's real database. The run is dated in
/// 2001 with rows dated around it, so only this test's rows are old enough to go: the database is shared with other
/// tests, whose rows all carry later dates.
/// </summary>
public class RetentionCleanupTests(BranchesFactory factory) : IClassFixture<BranchesFactory>
{
    private static readonly DateTimeOffset Now = new(2001, 1, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Rows_past_retention_go_and_the_rest_stay_an_unsent_event_however_old()
    {
        var tag = Guid.NewGuid().ToString("N");
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BranchesDbContext>();
        var eightDays = Now.AddDays(-8);
        var sixDays = Now.AddDays(-6);
        // Type names no contract has: the dispatcher leaves an unknown type unsent, so the unsent row stays unsent.
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO outbox_messages (message_id, type, body, created_at, sent_at, attempts) VALUES
                (gen_random_uuid(), {"Retention.SentLongAgo." + tag}, json_build_object(), {eightDays}, {eightDays}, 1),
                (gen_random_uuid(), {"Retention.SentLately." + tag}, json_build_object(), {eightDays}, {sixDays}, 1),
                (gen_random_uuid(), {"Retention.NeverSent." + tag}, json_build_object(), {eightDays}, NULL, 0);
            INSERT INTO inbox_messages (message_id, consumer, received_at) VALUES
                (gen_random_uuid(), {"old-" + tag}, {eightDays}),
                (gen_random_uuid(), {"recent-" + tag}, {sixDays});
            INSERT INTO idempotency_keys (caller, method, path, key, body_hash, status, created_at) VALUES
                ({tag}, 'POST', '/old', {tag}, 'h', 201, {Now.AddHours(-25)}),
                ({tag}, 'POST', '/recent', {tag}, 'h', 201, {Now.AddHours(-23)});
            """);

        try
        {
            var removed = await RetentionCleanup<BranchesDbContext>.RemoveExpiredAsync(db, Now, default);

            Assert.Equal(new RetentionRemoved(1, 1, 1), removed);
            Assert.Equal(["Retention.NeverSent." + tag, "Retention.SentLately." + tag],
                await db.OutboxMessages.Where(m => m.Type.EndsWith(tag)).Select(m => m.Type).OrderBy(t => t).ToListAsync());
            Assert.Equal(["recent-" + tag],
                await db.InboxMessages.Where(m => m.Consumer.EndsWith(tag)).Select(m => m.Consumer).ToListAsync());
            Assert.Equal(["/recent"], await db.Database.SqlQuery<string>(
                $"SELECT path AS \"Value\" FROM idempotency_keys WHERE caller = {tag}").ToListAsync());
            Assert.Equal(new RetentionRemoved(0, 0, 0), await RetentionCleanup<BranchesDbContext>.RemoveExpiredAsync(db, Now, default));
        }
        finally
        {
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                DELETE FROM outbox_messages WHERE type LIKE {"%" + tag};
                DELETE FROM inbox_messages WHERE consumer LIKE {"%" + tag};
                DELETE FROM idempotency_keys WHERE caller = {tag};
                """);
        }
    }
}
