using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Party.ServiceDefaults.Problems;
using Party.Webhooks.Apis;
using Party.Webhooks.Data;
using Party.Webhooks.Delivery;

namespace Party.Webhooks.Application;

/// <summary>One delivery as its client sees it (the body POSTed, every attempt), and its redelivery.</summary>
public static class Redeliveries
{
    public static DomainException Disabled() =>
        DomainException.Conflict("webhooks.subscription_disabled", "该接收地址已停用，不能重新推送；请登记新的接收地址。");

    /// <summary>The delivery, the body exactly as POSTed (before the signature headers are added) and its attempts.</summary>
    public static async Task<(WebhookDelivery Delivery, JsonElement Body, List<AttemptResponse> Attempts)> DetailAsync(
        WebhooksServices services, Guid id, CancellationToken ct)
    {
        var db = services.Db;
        var d = await db.VisibleDeliveries(services.Http.User).AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct)
            ?? throw DomainException.NotFound("webhook_deliveries");
        var e = await db.Events.AsNoTracking().FirstAsync(x => x.Id == d.EventId, ct);
        var attempts = await db.Attempts.AsNoTracking().Where(a => a.DeliveryId == d.Id).OrderBy(a => a.Id)
            .Select(a => new AttemptResponse(a.Number, a.At, a.StatusCode, a.Error, a.DurationMs)).ToListAsync(ct);
        var body = JsonDocument.Parse(DeliveryWorker.Body(d.Id, e.Id, e.Kind, e.OccurredAt, e.Data)).RootElement.Clone();
        return (d, body, attempts);
    }

    /// <summary>Queues the delivery again under the same id (the receiver dedups by <c>webhook-id</c>), for another retry window.</summary>
    public static async Task<WebhookDelivery> RedeliverAsync(WebhooksServices services, Guid id, CancellationToken ct)
    {
        var db = services.Db;
        var d = await db.VisibleDeliveries(services.Http.User).FirstOrDefaultAsync(x => x.Id == id, ct)
            ?? throw DomainException.NotFound("webhook_deliveries");
        if (!await db.Subscriptions.AnyAsync(s => s.Id == d.SubscriptionId && s.Enabled, ct)) throw Disabled();
        var now = services.Clock.GetUtcNow();
        d.Status = DeliveryStatus.Pending;
        d.NextAttemptAt = now;
        d.RetryUntil = now + TimeSpan.FromHours(services.Settings.Value.RetryWindowHours);
        d.Redeliveries++;
        await db.SaveChangesAsync(ct);
        services.Signal.Notify();
        return d;
    }
}
