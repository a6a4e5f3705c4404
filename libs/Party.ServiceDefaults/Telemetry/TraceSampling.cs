using System.Globalization;
using Microsoft.Extensions.Configuration;
using OpenTelemetry.Trace;

namespace Party.ServiceDefaults.Telemetry;

/// <summary>
/// Which requests a process records a trace for. A trace a caller or an upstream project started follows that decision
/// (sampled in or out), so a recorded request stays whole across the gateway, the services and their consumers. A trace
/// that starts here is recorded while the process has started fewer than <see cref="TracesPerSecondKey"/> in the last
/// second (default <see cref="DefaultTracesPerSecond"/>): every request of a clerk at work is traced, and a burst of
/// thousands costs the dashboard no more than that. A fixed share did not do both: at one in ten, ingesting the spans of
/// a check-in burst cost the dashboard 0.39–0.44 ms of CPU per check-in, as much as the gateway
/// (./party bench cadres-checkin), and a clerk still saw only one request in ten.
/// </summary>
public static class TraceSampling
{
    public const string TracesPerSecondKey = "Party:Telemetry:TracesPerSecond";
    public const double DefaultTracesPerSecond = 10;
    public const double MaxTracesPerSecond = 100_000;

    /// <summary>
    /// The sampler for <paramref name="configuration"/>; null when the operator chose one of OpenTelemetry's own with
    /// <c>OTEL_TRACES_SAMPLER</c> (e.g. <c>always_on</c>), which the SDK then reads itself.
    /// </summary>
    public static Sampler? For(IConfiguration configuration, TimeProvider? clock = null)
    {
        if (!string.IsNullOrWhiteSpace(configuration["OTEL_TRACES_SAMPLER"])) return null;
        var perSecond = DefaultTracesPerSecond;
        if (configuration[TracesPerSecondKey] is { } text
            && (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out perSecond)
                || !(perSecond is >= 0 and <= MaxTracesPerSecond)))
        {
            throw new InvalidOperationException(
                $"{TracesPerSecondKey} expects a number of traces per second from 0 to {MaxTracesPerSecond}, got '{text}'.");
        }
        return new ParentBasedSampler(new TracesPerSecondSampler(perSecond, clock ?? TimeProvider.System));
    }
}

/// <summary>
/// Samples at most <c>perSecond</c> root traces a second, in bursts of up to one second's worth (at least one): a token
/// bucket, full at start. Meant as the root sampler of a <see cref="ParentBasedSampler"/>.
/// </summary>
public sealed class TracesPerSecondSampler : Sampler
{
    private static readonly SamplingResult Sampled = new(SamplingDecision.RecordAndSample);
    private static readonly SamplingResult Dropped = new(SamplingDecision.Drop);

    private readonly double _perSecond;
    private readonly double _burst;
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();
    private double _tokens;
    private long _refilledAt;

    public TracesPerSecondSampler(double perSecond, TimeProvider clock)
    {
        _perSecond = perSecond;
        _burst = perSecond > 0 ? Math.Max(1, perSecond) : 0;
        _clock = clock;
        _tokens = _burst;
        _refilledAt = clock.GetTimestamp();
        Description = $"TracesPerSecond{{{perSecond.ToString(CultureInfo.InvariantCulture)}}}";
    }

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        if (_burst == 0) return Dropped;
        lock (_gate)
        {
            var now = _clock.GetTimestamp();
            _tokens = Math.Min(_burst, _tokens + _clock.GetElapsedTime(_refilledAt, now).TotalSeconds * _perSecond);
            _refilledAt = now;
            if (_tokens < 1) return Dropped;
            _tokens -= 1;
            return Sampled;
        }
    }
}
