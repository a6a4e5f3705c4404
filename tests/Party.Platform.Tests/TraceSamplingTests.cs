using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry.Trace;
using Party.ServiceDefaults.Telemetry;

namespace Party.Platform.Tests;

/// <summary>
/// <see cref="TraceSampling"/>: a trace that starts in a process is recorded within its budget of traces a second; one
/// that continues a caller's follows the caller's decision, whatever the budget.
/// </summary>
public class TraceSamplingTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero));

    private Sampler SamplerFor(string? perSecond, string? otelSampler = null) =>
        TraceSampling.For(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [TraceSampling.TracesPerSecondKey] = perSecond,
            ["OTEL_TRACES_SAMPLER"] = otelSampler,
        }).Build(), _clock)!;

    private static bool Samples(Sampler sampler, ActivityTraceFlags? parent = null)
    {
        var context = parent is { } flags
            ? new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), flags, isRemote: true)
            : default;
        var parameters = new SamplingParameters(context, ActivityTraceId.CreateRandom(), "GET /api/x", ActivityKind.Server);
        return sampler.ShouldSample(parameters).Decision == SamplingDecision.RecordAndSample;
    }

    private int Burst(Sampler sampler, int requests) => Enumerable.Range(0, requests).Count(_ => Samples(sampler));

    [Theory]
    // traces a second, requests at once → recorded: the burst is one second's worth, at least one
    [InlineData("10", 1, 1)]
    [InlineData("10", 10, 10)]
    [InlineData("10", 1000, 10)]
    [InlineData("2.5", 10, 2)]
    [InlineData("0.5", 10, 1)]
    [InlineData("0", 10, 0)]
    [InlineData(null, 1000, 10)] // the default
    public void A_burst_records_one_seconds_worth_of_traces(string? perSecond, int requests, int recorded) =>
        Assert.Equal(recorded, Burst(SamplerFor(perSecond), requests));

    [Theory]
    // traces a second, time after a spent burst → recorded of the next 100 requests
    [InlineData("10", 50, 0)]
    [InlineData("10", 100, 1)]
    [InlineData("10", 550, 5)]
    [InlineData("10", 60_000, 10)] // a quiet minute refills no more than one burst
    [InlineData("0.5", 1_999, 0)]
    [InlineData("0.5", 2_000, 1)]
    public void The_budget_refills_at_its_rate(string perSecond, int afterMilliseconds, int recorded)
    {
        var sampler = SamplerFor(perSecond);
        Burst(sampler, 1000);
        _clock.Advance(TimeSpan.FromMilliseconds(afterMilliseconds));
        Assert.Equal(recorded, Burst(sampler, 100));
    }

    [Fact]
    public void A_caller_s_decision_is_followed_whatever_the_budget()
    {
        var spent = SamplerFor("1");
        Burst(spent, 10);
        Assert.True(Samples(spent, ActivityTraceFlags.Recorded));
        Assert.False(Samples(SamplerFor("1000"), ActivityTraceFlags.None));
        // Continuing traces take nothing from the budget of the traces that start here.
        var fresh = SamplerFor("1");
        Assert.True(Samples(fresh, ActivityTraceFlags.Recorded));
        Assert.True(Samples(fresh));
    }

    [Fact]
    public void OpenTelemetry_s_own_sampler_variable_takes_over() =>
        Assert.Null(TraceSampling.For(new ConfigurationBuilder().AddInMemoryCollection(
            new Dictionary<string, string?> { ["OTEL_TRACES_SAMPLER"] = "always_on" }).Build()));

    [Theory]
    [InlineData("-1")]
    [InlineData("100001")]
    [InlineData("ten")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    public void A_budget_that_is_not_a_number_in_range_stops_the_start(string perSecond)
    {
        var e = Assert.Throws<InvalidOperationException>(() => SamplerFor(perSecond));
        Assert.Contains(TraceSampling.TracesPerSecondKey, e.Message);
        Assert.Contains(perSecond, e.Message);
    }
}
