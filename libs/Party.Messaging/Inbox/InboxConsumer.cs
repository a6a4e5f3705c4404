using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Party.Messaging.Inbox;

public static class Inbox
{
    /// <summary>
    /// Runs <paramref name="effects"/> and records the message id for <paramref name="consumer"/> in
    /// one transaction, so a message delivered twice (broker redelivery, outbox re-publish) changes
    /// the database once. Returns false when the message had already been handled.
    /// </summary>
    public static async Task<bool> HandleOnceAsync<TDb>(
        TDb db, ConsumeContext context, string consumer, TimeProvider clock, Func<CancellationToken, Task> effects)
        where TDb : DbContext, IMessagingDbContext
    {
        var messageId = context.MessageId ?? throw new InvalidOperationException("message has no id");
        var ct = context.CancellationToken;
        db.ChangeTracker.Clear();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var inserted = await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO inbox_messages (message_id, consumer, received_at) VALUES ({messageId}, {consumer}, {clock.GetUtcNow()})
            ON CONFLICT DO NOTHING
            """, ct);
        if (inserted == 0) return false;
        await effects(ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }
}

/// <summary>A consumer of one message type whose effects commit together with its inbox record.</summary>
public abstract class InboxConsumer<TMessage, TDb>(TDb db, TimeProvider clock) : IConsumer<TMessage>
    where TMessage : class
    where TDb : DbContext, IMessagingDbContext
{
    protected TDb Db => db;
    protected TimeProvider Clock => clock;

    public Task Consume(ConsumeContext<TMessage> context) =>
        Inbox.HandleOnceAsync(db, context, GetType().Name, clock, _ => HandleAsync(context.Message, context));

    protected abstract Task HandleAsync(TMessage message, ConsumeContext<TMessage> context);
}
