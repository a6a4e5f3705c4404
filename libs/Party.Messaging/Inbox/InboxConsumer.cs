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

    /// <summary>
    /// The batch form of <see cref="HandleOnceAsync{TDb}"/>: one transaction records every message id of the batch for
    /// <paramref name="consumer"/> and runs <paramref name="effects"/> with the messages not handled before (a message id
    /// seen twice in the batch, or handled by an earlier delivery, is left out). Returns how many were new.
    /// </summary>
    public static async Task<int> HandleBatchOnceAsync<TDb, TMessage>(TDb db, Batch<TMessage> batch, string consumer, TimeProvider clock,
        Func<IReadOnlyList<TMessage>, CancellationToken, Task> effects, CancellationToken ct)
        where TDb : DbContext, IMessagingDbContext
        where TMessage : class
    {
        var byId = new Dictionary<Guid, TMessage>(batch.Length);
        foreach (var context in batch)
            byId.TryAdd(context.MessageId ?? throw new InvalidOperationException("message has no id"), context.Message);
        db.ChangeTracker.Clear();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // In one order for every batch, so two deliveries sharing several ids wait for each other instead of deadlocking.
        var ids = byId.Keys.Order().ToArray();
        var fresh = await db.Database.SqlQuery<Guid>($"""
            INSERT INTO inbox_messages (message_id, consumer, received_at)
            SELECT id, {consumer}, {clock.GetUtcNow()} FROM unnest({ids}) AS id
            ON CONFLICT DO NOTHING
            RETURNING message_id AS "Value"
            """).ToListAsync(ct);
        if (fresh.Count == 0) return 0;
        await effects([.. fresh.Select(id => byId[id])], ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return fresh.Count;
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
