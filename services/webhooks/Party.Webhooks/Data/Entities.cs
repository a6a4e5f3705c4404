namespace Party.Webhooks.Data;

/// <summary>A bureau client's receiver (接收地址) for some event kinds. Owned by the client (<c>sub</c> of its token).</summary>
public sealed class WebhookSubscription
{
    public Guid Id { get; set; }
    public required string ClientId { get; set; }
    /// <summary>
    /// The bureau the client's token named when it registered (identity's <c>bureau</c> claim), for events meant for one bureau.
    /// </summary>
    public string? Bureau { get; set; }
    /// <summary>The unit of the client's token and its path when registered: only events of that subtree are delivered.</summary>
    public Guid OrgUnitId { get; set; }
    public required string OrgPath { get; set; }
    public required string Url { get; set; }
    public required string[] EventKinds { get; set; }
    /// <summary>The HMAC secret (<c>whsec_…</c>); shown to the client once, kept to sign every delivery.</summary>
    public required string Secret { get; set; }
    public string? Description { get; set; }
    public bool Enabled { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DisabledAt { get; set; }
}

/// <summary>An integration event as bureaus see it, kept once however many subscriptions receive it.</summary>
public sealed class WebhookEvent
{
    /// <summary>The integration message's id: the same event consumed twice is stored once.</summary>
    public Guid Id { get; set; }
    public required string Kind { get; set; }
    public required string OrgPath { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    /// <summary>The payload's JSON (jsonb).</summary>
    public required string Data { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
}

public static class DeliveryStatus
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    /// <summary>Given up after the retry window; a redelivery makes it pending again.</summary>
    public const string Failed = "failed";
    public static readonly string[] All = [Pending, Delivered, Failed];
}

/// <summary>One event for one subscription. Its id is the <c>webhook-id</c> header of every attempt: receivers dedupe on it.</summary>
public sealed class WebhookDelivery
{
    public Guid Id { get; set; }
    public Guid SubscriptionId { get; set; }
    public required string ClientId { get; set; }
    public Guid EventId { get; set; }
    public required string Kind { get; set; }
    public required string Status { get; set; }
    public int Attempts { get; set; }
    /// <summary>When the next attempt is due; while an attempt runs, the end of its lease.</summary>
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset RetryUntil { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public DateTimeOffset? LastAttemptAt { get; set; }
    public int? LastStatusCode { get; set; }
    public string? LastError { get; set; }
    public int Redeliveries { get; set; }
}

/// <summary>One HTTP attempt of a delivery (kept for the bureau's and the operators' diagnosis).</summary>
public sealed class DeliveryAttempt
{
    public long Id { get; set; }
    public Guid DeliveryId { get; set; }
    public int Number { get; set; }
    public DateTimeOffset At { get; set; }
    public int? StatusCode { get; set; }
    public string? Error { get; set; }
    public int DurationMs { get; set; }
}
