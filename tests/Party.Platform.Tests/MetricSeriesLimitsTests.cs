using System.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Party.ServiceDefaults.Telemetry;

namespace Party.Platform.Tests;

/// <summary>
/// <see cref="MetricSeriesLimits"/>: a metric keeps at most its limit of series and counts the rest in the overflow
/// series, so no measurement is lost; the request duration keeps OpenTelemetry's larger default.
/// </summary>
public class MetricSeriesLimitsTests
{
    private sealed record Series(string Metric, bool Overflow, double Value);

    private sealed class Capture : BaseExporter<Metric>
    {
        public List<Series> Points { get; } = [];

        public override ExportResult Export(in Batch<Metric> batch)
        {
            foreach (var metric in batch)
            {
                foreach (ref readonly var point in metric.GetMetricPoints())
                {
                    var overflow = false;
                    foreach (var tag in point.Tags) overflow |= tag.Key == "otel.metric.overflow";
                    var value = metric.MetricType == MetricType.Histogram ? point.GetHistogramCount() : point.GetSumLong();
                    Points.Add(new Series(metric.Name, overflow, value));
                }
            }
            return ExportResult.Success;
        }
    }

    /// <summary>Records one measurement under each of <paramref name="tagSets"/> distinct tag sets and exports once.</summary>
    private static List<Series> Record(int tagSets, Action<Meter, int> measure)
    {
        using var meter = new Meter($"Party.Tests.SeriesLimits.{Guid.NewGuid():N}");
        var capture = new Capture();
        using var provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(meter.Name)
            .AddView(MetricSeriesLimits.For)
            .AddReader(new BaseExportingMetricReader(capture))
            .Build();
        for (var i = 0; i < tagSets; i++) measure(meter, i);
        Assert.True(provider.ForceFlush());
        // A copy: disposing the provider exports the (cumulative) points once more.
        return [.. capture.Points];
    }

    [Theory]
    [InlineData(10)]
    [InlineData(MetricSeriesLimits.Default - 2)]
    [InlineData(MetricSeriesLimits.Default + 100)]
    [InlineData(3 * MetricSeriesLimits.Default)]
    public void A_metric_keeps_its_limit_of_series_and_counts_the_rest_in_the_overflow(int tagSets)
    {
        Counter<long>? counter = null;
        var points = Record(tagSets, (meter, i) =>
        {
            counter ??= meter.CreateCounter<long>("party.tests.outcomes");
            counter.Add(1, new KeyValuePair<string, object?>("client", $"client-{i}"));
        });

        Assert.Equal(tagSets, points.Sum(p => p.Value));
        Assert.True(points.Count(p => !p.Overflow) <= MetricSeriesLimits.Default,
            $"{points.Count(p => !p.Overflow)} series kept, the limit is {MetricSeriesLimits.Default}");
        Assert.Equal(tagSets >= MetricSeriesLimits.Default, points.Any(p => p.Overflow));
    }

    [Fact]
    public void The_request_duration_keeps_a_series_for_each_route_past_the_limit()
    {
        const int routes = MetricSeriesLimits.Default + 300;
        Histogram<double>? duration = null;
        var points = Record(routes, (meter, i) =>
        {
            duration ??= meter.CreateHistogram<double>("http.server.request.duration", "s");
            duration.Record(0.01, new KeyValuePair<string, object?>("http.route", $"/api/route-{i}"));
        });

        Assert.Equal(routes, points.Count(p => !p.Overflow));
        Assert.DoesNotContain(points, p => p.Overflow);
    }
}
