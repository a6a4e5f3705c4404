using System.Diagnostics;
using MassTransit;
using MassTransit.Logging;

namespace Party.Messaging.Outbox;

/// <summary>
/// Hands one outbox row's message to the broker; the returned task completes when the broker confirmed it. A seam of its own
/// so a test can make the broker refuse one row of a batch.
/// </summary>
public interface IOutboxPublisher
{
    Task PublishAsync(OutboxMessage row, object message, Type type, CancellationToken ct);
}

/// <summary>Publishes through MassTransit under the row's message id, so a re-publish is the same message to the inboxes.</summary>
public sealed class BusOutboxPublisher(IPublishEndpoint publisher) : IOutboxPublisher
{
    public Task PublishAsync(OutboxMessage row, object message, Type type, CancellationToken ct) =>
        publisher.Publish(message, type, ctx =>
        {
            ctx.MessageId = row.MessageId;
            // MassTransit puts its send span's context in this header, but only when it records one. Under a request the
            // sampler left out it records none: the header then carries the dispatcher's unrecorded activity, so every
            // consumer follows the request's decision instead of sampling the event afresh as a trace of its own.
            if (Activity.Current is { IdFormat: ActivityIdFormat.W3C } current
                && !ctx.Headers.TryGetHeader(DiagnosticHeaders.ActivityId, out _))
                ctx.Headers.Set(DiagnosticHeaders.ActivityId, current.Id);
        }, ct);
}
