namespace Party.Testing;

/// <summary>Median, 90th and 95th percentile and maximum of measured call durations (milliseconds).</summary>
public sealed record Latencies(double Median, double P90, double P95, double Max)
{
    public static Latencies Of(IEnumerable<double> times)
    {
        var sorted = times.Order().ToList();
        double Percentile(double p) => sorted[(int)Math.Ceiling(sorted.Count * p) - 1];
        return new(sorted[sorted.Count / 2], Percentile(0.90), Percentile(0.95), sorted[^1]);
    }

    public override string ToString() => $"median {Median:0.0} ms, p90 {P90:0.0} ms, p95 {P95:0.0} ms, max {Max:0.0} ms";
}
