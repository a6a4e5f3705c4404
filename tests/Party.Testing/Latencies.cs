namespace Party.Testing;

/// <summary>Median, 95th percentile and maximum of measured call durations (milliseconds).</summary>
public sealed record Latencies(double Median, double P95, double Max)
{
    public static Latencies Of(IEnumerable<double> times)
    {
        var sorted = times.Order().ToList();
        return new(sorted[sorted.Count / 2], sorted[(int)Math.Ceiling(sorted.Count * 0.95) - 1], sorted[^1]);
    }

    public override string ToString() => $"median {Median:0.0} ms, p95 {P95:0.0} ms, max {Max:0.0} ms";
}
