namespace Party.Webhooks;

/// <summary>Delivery settings (section <c>Webhooks</c>); the defaults are what a bureau is promised in its guide.</summary>
public sealed class WebhookSettings
{
    public const string Section = "Webhooks";

    /// <summary>First retry after this many seconds; each further one waits twice as long, up to <see cref="RetryMaxSeconds"/>.</summary>
    public double RetryBaseSeconds { get; set; } = 10;
    public double RetryMaxSeconds { get; set; } = 3600;
    /// <summary>How long a delivery is retried before it is given up (a redelivery starts a new window).</summary>
    public double RetryWindowHours { get; set; } = 24;
    /// <summary>A receiver must answer within this; a slow one costs its own delivery slots, never a service's request.</summary>
    public double TimeoutSeconds { get; set; } = 10;
    /// <summary>Requests in flight at once from one instance, and to one subscription's receiver.</summary>
    public int MaxInFlight { get; set; } = 64;
    public int MaxInFlightPerReceiver { get; set; } = 8;
    /// <summary>Rows claimed per query; results are written back in batches of the same size.</summary>
    public int BatchSize { get; set; } = 100;
    /// <summary>How often the queue is looked at when nothing woke the worker (a retry coming due, another replica's rows).</summary>
    public double PollSeconds { get; set; } = 1;
    /// <summary>A claimed delivery is hidden from other instances this long; after a crash it goes out again then.</summary>
    public double LeaseSeconds { get; set; } = 120;
    public int MaxSubscriptionsPerClient { get; set; } = 20;
}
