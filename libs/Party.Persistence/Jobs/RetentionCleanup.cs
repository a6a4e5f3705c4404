using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Party.Messaging;
using Party.Messaging.Outbox;
using Party.ServiceDefaults.Idempotency;

namespace Party.Persistence.Jobs;

/// <summary>What one <see cref="RetentionCleanup{TDb}"/> run removed.</summary>
public sealed record RetentionRemoved(int IdempotencyKeys, int SentOutboxMessages, int InboxMessages);

/// <summary>
/// Removes, once an hour and set-based, the rows a service's database keeps only for a while (any replica may run it; each
/// delete is idempotent):
/// <list type="bullet">
/// <item><c>Idempotency-Key</c> answers past <see cref="IdempotencyMiddleware.Retention"/>, which the middleware already
/// treats as unknown;</item>
/// <item>outbox rows sent more than <see cref="MessageRetention"/> ago: the broker has them, and until then an operator can
/// still see what went out. A row not sent yet stays, however old;</item>
/// <item>inbox rows received more than <see cref="MessageRetention"/> ago. They exist to drop a second delivery of one
/// message, and that comes within minutes (a broker redelivery, a re-publish after the dispatcher's commit failed);
/// a message from an <c>_error</c> queue was never handled, so it has no row to miss.</item>
/// </list>
/// Without it both messaging tables grew with every event for the life of the database.
/// </summary>
public sealed class RetentionCleanup<TDb>(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration config,
    ILogger<RetentionCleanup<TDb>> log) : PeriodicJob(scopes, clock, config, log) where TDb : DbContext, IMessagingDbContext
{
    public static readonly TimeSpan MessageRetention = TimeSpan.FromDays(7);

    protected override string Name => "Removal of idempotency keys and messages past retention";
    protected override TimeSpan DefaultInterval => TimeSpan.FromHours(1);

    protected override async Task RunOnceAsync(IServiceProvider scoped, CancellationToken ct)
    {
        var removed = await RemoveExpiredAsync(scoped.GetRequiredService<TDb>(), Clock.GetUtcNow(), ct);
        if (removed != new RetentionRemoved(0, 0, 0)) Log.LogInformation("Removed past retention: {Removed}", removed);
    }

    /// <summary>One run's deletes, as of <paramref name="now"/>; each is its own statement and its own transaction.</summary>
    public static async Task<RetentionRemoved> RemoveExpiredAsync(TDb db, DateTimeOffset now, CancellationToken ct)
    {
        var keysBefore = now - IdempotencyMiddleware.Retention;
        var messagesBefore = now - MessageRetention;
        var keys = await db.Set<IdempotencyKey>().Where(k => k.CreatedAt < keysBefore).ExecuteDeleteAsync(ct);
        var sent = await db.OutboxMessages.Where(m => m.SentAt < messagesBefore).ExecuteDeleteAsync(ct);
        var received = await db.InboxMessages.Where(m => m.ReceivedAt < messagesBefore).ExecuteDeleteAsync(ct);
        return new RetentionRemoved(keys, sent, received);
    }
}
