using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Party.Messaging;
using Party.Webhooks.Data;
using Party.Webhooks.Domain.Deliveries;

namespace Party.Webhooks.Delivery;

/// <summary>
/// Sends due deliveries. Rows are claimed a batch at a time in one statement (<c>FOR UPDATE SKIP LOCKED</c>, so
/// replicas share the queue) by pushing their due time past a lease; each is then sent on its own, at most
/// <see cref="WebhookSettings.MaxInFlight"/> at once and <see cref="WebhookSettings.MaxInFlightPerReceiver"/> per
/// subscription, so one slow or dead receiver holds only its own slots. Outcomes are written back in batches, one
/// statement per batch (the delivery row and its attempt). A crash between a send and its write-back only lets the
/// lease expire: the delivery goes out again with the same <c>webhook-id</c>, which receivers dedupe on.
/// </summary>
public sealed class DeliveryWorker(IServiceScopeFactory scopes, IHttpClientFactory clients, DeliverySignal signal, TimeProvider clock,
    IOptions<WebhookSettings> options, ILogger<DeliveryWorker> log) : BackgroundService
{
    public const string HttpClientName = "webhooks";
    private static readonly Meter Meter = new("Party.Webhooks");
    private static readonly Counter<long> Attempted = Meter.CreateCounter<long>("party.webhooks.attempts", "{attempt}",
        "Webhook delivery attempts by client and outcome (delivered, retry, failed)");
    private static readonly Histogram<double> Latency = Meter.CreateHistogram<double>("party.webhooks.attempt.duration", "ms",
        "Time a receiver took to answer");

    private readonly WebhookSettings _settings = options.Value;
    private readonly Channel<AttemptResult> _results =
        Channel.CreateUnbounded<AttemptResult>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<Guid, int> _perReceiver = new();
    private int _inFlight;

    private sealed record Claimed(Guid Id, Guid SubscriptionId, string ClientId, int Attempt, DateTimeOffset RetryUntil, string Url,
        string Secret, Guid EventId, string Kind, DateTimeOffset OccurredAt, string Data);

    private sealed record AttemptResult(Guid Id, int Number, string Status, DateTimeOffset NextAt, int? StatusCode, string? Error,
        DateTimeOffset At, int DurationMs);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var writer = WriteResultsAsync(stoppingToken);
        var poll = TimeSpan.FromSeconds(_settings.PollSeconds);
        var backoff = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (backoff > TimeSpan.Zero) await Task.Delay(backoff, clock, stoppingToken);
                else await signal.WaitAsync(poll, stoppingToken);
                int wanted, got;
                do
                {
                    wanted = Math.Min(_settings.BatchSize, _settings.MaxInFlight - Volatile.Read(ref _inFlight));
                    if (wanted <= 0) break;
                    var batch = await ClaimAsync(wanted, stoppingToken);
                    got = batch.Count;
                    foreach (var d in batch) Start(d, stoppingToken);
                } while (got == wanted);
                backoff = TimeSpan.Zero;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                backoff = FailureBackoff.After(backoff);
                log.LogWarning(e, "Claiming webhook deliveries failed; retrying in {Backoff}", backoff);
            }
        }
        _results.Writer.TryComplete();
        try { await writer; } catch (OperationCanceledException) { }
    }

    private async Task<List<Claimed>> ClaimAsync(int limit, CancellationToken ct)
    {
        var perReceiver = _settings.MaxInFlightPerReceiver;
        // Sends only finish between this snapshot and the claim, so what is left per receiver is never overestimated.
        var busy = _perReceiver.Where(p => p.Value > 0).ToArray();
        var saturated = busy.Where(p => p.Value >= perReceiver).Select(p => p.Key).ToArray();
        var now = clock.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WebhooksDbContext>();
        var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("""
            WITH candidates AS (
                SELECT d.id, d.subscription_id, d.next_attempt_at
                FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id AND s.enabled
                WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND NOT (d.subscription_id = ANY ($2))
                ORDER BY d.next_attempt_at
                LIMIT $3 * 4
                FOR UPDATE OF d SKIP LOCKED),
            picked AS (
                SELECT c.id FROM (SELECT id, subscription_id, next_attempt_at,
                                         row_number() OVER (PARTITION BY subscription_id ORDER BY next_attempt_at) AS rn
                                  FROM candidates) c
                LEFT JOIN unnest($6::uuid[], $7::int[]) AS busy(subscription_id, in_flight) ON busy.subscription_id = c.subscription_id
                WHERE c.rn <= $4 - COALESCE(busy.in_flight, 0)
                ORDER BY c.next_attempt_at
                LIMIT $3)
            UPDATE webhook_deliveries d
            SET next_attempt_at = $5, attempts = d.attempts + 1, last_attempt_at = $1
            FROM picked p, webhook_subscriptions s, webhook_events e
            WHERE d.id = p.id AND s.id = d.subscription_id AND e.id = d.event_id
            RETURNING d.id, d.subscription_id, d.client_id, d.attempts, d.retry_until, s.url, s.secret,
                e.id, e.kind, e.occurred_at, e.data::text
            """, conn);
        cmd.Parameters.Add(new NpgsqlParameter { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(new NpgsqlParameter { Value = saturated, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        cmd.Parameters.Add(new NpgsqlParameter { Value = limit });
        cmd.Parameters.Add(new NpgsqlParameter { Value = perReceiver });
        cmd.Parameters.Add(new NpgsqlParameter
            { Value = now + TimeSpan.FromSeconds(_settings.LeaseSeconds), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(new NpgsqlParameter
            { Value = busy.Select(p => p.Key).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        cmd.Parameters.Add(new NpgsqlParameter
            { Value = busy.Select(p => p.Value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        var list = new List<Claimed>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            list.Add(new Claimed(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetInt32(3),
                reader.GetFieldValue<DateTimeOffset>(4), reader.GetString(5), reader.GetString(6), reader.GetGuid(7), reader.GetString(8),
                reader.GetFieldValue<DateTimeOffset>(9), reader.GetString(10)));
        }
        return list;
    }

    private void Start(Claimed d, CancellationToken ct)
    {
        Interlocked.Increment(ref _inFlight);
        _perReceiver.AddOrUpdate(d.SubscriptionId, 1, (_, n) => n + 1);
        _ = Task.Run(async () =>
        {
            try
            {
                // Fails only once shutting down, when the lease is left to run out.
                _results.Writer.TryWrite(await SendAsync(d, ct));
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Shutting down: the lease runs out and the delivery goes out again later.
            }
            catch (Exception e)
            {
                log.LogError(e, "Webhook delivery {DeliveryId} could not be attempted", d.Id);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
                _perReceiver.AddOrUpdate(d.SubscriptionId, 0, (_, n) => n - 1);
                signal.Notify();
            }
        }, CancellationToken.None);
    }

    /// <summary>The envelope every bureau receives: the delivery id (also <c>webhook-id</c>), the event, its kind and payload.</summary>
    internal static string Body(Guid deliveryId, Guid eventId, string kind, DateTimeOffset occurredAt, string data)
    {
        using var buffer = new MemoryStream();
        var options = new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        using (var json = new Utf8JsonWriter(buffer, options))
        {
            json.WriteStartObject();
            json.WriteString("id", deliveryId);
            json.WriteString("eventId", eventId);
            json.WriteString("kind", kind);
            json.WriteString("occurredAt", occurredAt);
            json.WritePropertyName("data");
            json.WriteRawValue(data);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private async Task<AttemptResult> SendAsync(Claimed d, CancellationToken ct)
    {
        var body = Body(d.Id, d.EventId, d.Kind, d.OccurredAt, d.Data);
        var started = clock.GetUtcNow();
        var timestamp = started.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, d.Url)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation(WebhookSignature.IdHeader, d.Id.ToString());
        request.Headers.TryAddWithoutValidation(WebhookSignature.TimestampHeader,
            timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation(WebhookSignature.SignatureHeader,
            WebhookSignature.Sign(WebhookSignature.KeyOf(d.Secret), d.Id.ToString(), timestamp, body));
        request.Headers.TryAddWithoutValidation("Party-Event-Kind", d.Kind);
        int? status = null;
        string? error = null;
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await clients.CreateClient(HttpClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode) error = $"HTTP {status}";
        }
        catch (HttpRequestException e)
        {
            error = Truncate(e.Message);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            error = $"接收方在 {_settings.TimeoutSeconds:0.#} 秒内未应答";
        }
        var elapsed = (int)watch.ElapsedMilliseconds;
        var now = clock.GetUtcNow();
        string outcome;
        DateTimeOffset nextAt = now;
        if (error is null) outcome = DeliveryStatus.Delivered;
        else if (RetrySchedule.NextAttempt(d.Attempt, now, d.RetryUntil, TimeSpan.FromSeconds(_settings.RetryBaseSeconds),
                     TimeSpan.FromSeconds(_settings.RetryMaxSeconds), Random.Shared.NextDouble()) is { } next)
        {
            outcome = DeliveryStatus.Pending;
            nextAt = next;
        }
        else outcome = DeliveryStatus.Failed;
        Attempted.Add(1, new("client", d.ClientId), new("outcome", outcome == DeliveryStatus.Pending ? "retry" : outcome));
        Latency.Record(elapsed, new KeyValuePair<string, object?>("client", d.ClientId));
        return new AttemptResult(d.Id, d.Attempt, outcome, nextAt, status, error, started, elapsed);
    }

    private static string Truncate(string s) => s.Length <= 500 ? s : s[..500];

    /// <summary>Writes outcomes back as they come, as many as are waiting in one statement.</summary>
    private async Task WriteResultsAsync(CancellationToken ct)
    {
        var batch = new List<AttemptResult>();
        while (await _results.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < _settings.BatchSize && _results.Reader.TryRead(out var r)) batch.Add(r);
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    await WriteAsync(batch, ct.IsCancellationRequested ? CancellationToken.None : ct);
                    break;
                }
                catch (Exception e) when (attempt < 5 && e is not OperationCanceledException)
                {
                    log.LogWarning(e, "Writing {Count} webhook outcomes failed; retrying", batch.Count);
                    await Task.Delay(TimeSpan.FromMilliseconds(500 * (attempt + 1)), clock, CancellationToken.None);
                }
                catch (Exception e)
                {
                    // The leases run out and the deliveries go out again (receivers dedupe on webhook-id).
                    log.LogError(e, "Dropping {Count} webhook outcomes", batch.Count);
                    break;
                }
            }
            batch.Clear();
        }
    }

    private async Task WriteAsync(List<AttemptResult> batch, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WebhooksDbContext>();
        var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        // The attempt number guards against an outcome arriving after the row was claimed again (lease expired, redelivered).
        await using var cmd = new NpgsqlCommand("""
            WITH r AS (
                SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::timestamptz[], $5::int[], $6::text[], $7::timestamptz[],
                    $8::int[])
                    AS r(id, number, status, next_at, code, error, at, duration_ms)),
            u AS (
                UPDATE webhook_deliveries d
                SET status = r.status, next_attempt_at = r.next_at, last_status_code = r.code, last_error = r.error,
                    delivered_at = CASE WHEN r.status = 'delivered' THEN r.at ELSE d.delivered_at END
                FROM r WHERE d.id = r.id AND d.attempts = r.number AND d.status = 'pending')
            INSERT INTO webhook_delivery_attempts (delivery_id, number, at, status_code, error, duration_ms)
            SELECT id, number, at, code, error, duration_ms FROM r
            """, conn);
        cmd.Parameters.Add(new NpgsqlParameter { Value = batch.Select(r => r.Id).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = batch.Select(r => r.Number).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = batch.Select(r => r.Status).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter
            { Value = batch.Select(r => r.NextAt).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(new NpgsqlParameter
            { Value = batch.Select(r => r.StatusCode).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        cmd.Parameters.Add(new NpgsqlParameter
            { Value = batch.Select(r => r.Error).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter
            { Value = batch.Select(r => r.At).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(new NpgsqlParameter { Value = batch.Select(r => r.DurationMs).ToArray() });
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
