using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;

namespace Party.ServiceDefaults.Telemetry;

/// <summary>
/// How many series (distinct tag sets) each metric may hold. OpenTelemetry allocates a metric's whole series array
/// when it first sees the instrument, 2,000 points of about 72 bytes by default, even when it will never see more
/// than a handful: a service's 93 metrics held 13.4 MB of mostly empty arrays on the large-object heap (honors,
/// dotnet-gcdump at idle). Only the request duration, tagged by route, method and status, can come near that default.
/// </summary>
public static class MetricSeriesLimits
{
    /// <summary>
    /// Above the largest counts these metrics reach: 90 routes in members (the routing metric), a few dozen bureau
    /// clients (the gateway's and webhooks' per-client metrics), one series per consumer and outcome (MassTransit).
    /// A tag set past the limit is counted in one overflow series (otel.metric.overflow), not lost.
    /// </summary>
    public const int Default = 500;

    public static MetricStreamConfiguration? For(Instrument instrument) =>
        instrument.Name == "http.server.request.duration" ? null : new MetricStreamConfiguration { CardinalityLimit = Default };
}
