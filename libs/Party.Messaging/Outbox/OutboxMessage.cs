namespace Party.Messaging.Outbox;

/// <summary>An integration event waiting to be published; written in the same transaction as the change that caused it.</summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }
    public Guid MessageId { get; set; }
    /// <summary>Full CLR name of the contract type in Party.Contracts.</summary>
    public required string Type { get; set; }
    public required string Body { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    /// <summary>
    /// W3C <c>traceparent</c> of the request that wrote the row: the dispatcher publishes under it, so the consumer's span
    /// in another service joins the trace of the change that caused the event.
    /// </summary>
    public string? TraceParent { get; set; }
}

/// <summary>A message a consumer has already handled; the key makes a redelivery a no-op.</summary>
public sealed class InboxMessage
{
    public Guid MessageId { get; set; }
    public required string Consumer { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
}
