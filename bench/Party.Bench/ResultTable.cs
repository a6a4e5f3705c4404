using System.Globalization;
using System.Text;

namespace Party.Bench;

public static class ResultTable
{
    private static readonly string[] Headers = ["scenario/variant", "requests", "errors", "429", "median ms", "p95 ms", "p99 ms", "req/s"];

    public static string Render(IEnumerable<LoadResult> results)
    {
        var rows = results.Select(r => new[]
        {
            $"{r.Scenario}/{r.Variant}",
            r.Requests.ToString("N0", CultureInfo.InvariantCulture),
            r.Errors.ToString("N0", CultureInfo.InvariantCulture),
            r.RateLimited.ToString("N0", CultureInfo.InvariantCulture),
            Ms(r.MedianMs), Ms(r.P95Ms), Ms(r.P99Ms),
            r.Throughput.ToString("N1", CultureInfo.InvariantCulture),
        }).ToList();
        var widths = Headers.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        var sb = new StringBuilder();
        void Line(string[] cells)
        {
            for (var i = 0; i < cells.Length; i++)
            {
                if (i > 0) sb.Append("  ");
                sb.Append(i == 0 ? cells[i].PadRight(widths[i]) : cells[i].PadLeft(widths[i]));
            }
            sb.AppendLine();
        }
        Line(Headers);
        Line(widths.Select(w => new string('-', w)).ToArray());
        foreach (var r in rows) Line(r);
        return sb.ToString();
    }

    public static string Ms(double ms) => double.IsNaN(ms) ? "-" : ms.ToString(ms < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture);
}
