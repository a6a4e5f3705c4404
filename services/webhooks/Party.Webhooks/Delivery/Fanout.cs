using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Party.ServiceDefaults;
using Party.Webhooks.Data;
using Party.Webhooks.Domain.Events;

namespace Party.Webhooks.Delivery;

/// <summary>
/// Stores an event and queues one delivery per matching subscription in a single statement: the subscriptions that
/// are enabled, listed the kind, whose unit's subtree holds the event's unit and, when the event names an audience,
/// whose client or client's bureau is in it. Nothing here calls a receiver, so an
/// event is accepted from the broker at the speed of one insert whatever the receivers do.
/// </summary>
public static class Fanout
{
    private static readonly JsonSerializerOptions Json = CreateJson();

    private static JsonSerializerOptions CreateJson()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        ServiceDefaults.Extensions.ConfigureJson(o);
        return o;
    }

    public static string Serialize(object data) => JsonSerializer.Serialize(data, data.GetType(), Json);

    public static async Task AddAsync(WebhooksDbContext db, Guid eventId, WebhookEventData e, DateTimeOffset now, TimeSpan retryWindow,
        CancellationToken ct)
    {
        var path = e.OrgPath;
        if (path is null)
        {
            path = await db.OrgUnits.AsNoTracking().Where(u => u.Id == e.OrgUnitId).Select(u => u.Path).FirstOrDefaultAsync(ct);
            // The unit's own event is on its way (events are not ordered): retried by the broker, then the error queue.
            if (path is null) throw new InvalidOperationException($"org unit {e.OrgUnitId} of a {e.Kind} event is not known here yet");
        }
        var data = Serialize(e.Data);
        var retryUntil = now + retryWindow;
        var audience = e.Audience?.ToArray() ?? [];
        var bureaus = e.AudienceBureaus?.ToArray() ?? [];
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            WITH ev AS (
                INSERT INTO webhook_events (id, kind, org_path, occurred_at, data, received_at)
                VALUES ({eventId}, {e.Kind}, {path}, {e.OccurredAt}, CAST({data} AS jsonb), {now})
                ON CONFLICT (id) DO NOTHING
                RETURNING id, kind, org_path)
            INSERT INTO webhook_deliveries (id, subscription_id, client_id, event_id, kind, status, attempts, next_attempt_at, retry_until,
                                            created_at, redeliveries)
            SELECT gen_random_uuid(), s.id, s.client_id, ev.id, ev.kind, {DeliveryStatus.Pending}, 0, {now}, {retryUntil}, {now}, 0
            FROM ev JOIN webhook_subscriptions s
              ON s.enabled AND ev.kind = ANY (s.event_kinds) AND starts_with(ev.org_path, s.org_path)
                 AND ((cardinality({audience}::text[]) = 0 AND cardinality({bureaus}::text[]) = 0)
                      OR s.client_id = ANY ({audience}::text[]) OR s.bureau = ANY ({bureaus}::text[]))
            ON CONFLICT (event_id, subscription_id) DO NOTHING
            """, ct);
    }
}
