using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Party.Portal.Components.Shared;

/// <summary>
/// How long a page took on the server to get its data (every API call of its first load), per circuit. The figure is
/// recorded as the <c>party.portal.page.load</c> histogram (the dashboard's metrics) and shown on the page as the
/// <c>data-ms</c> of <c>[data-testid=page-load]</c>, where <c>./party bench portal-pages</c> reads it: the issue's
/// 300 ms is server time, which a browser's own clock would blur with the circuit's round trips.
/// </summary>
public sealed class PageTimings
{
    private static readonly Meter Meter = new("Party.Portal");
    private static readonly Histogram<double> Load = Meter.CreateHistogram<double>("party.portal.page.load", "ms",
        "Server time of a portal page's first load: every API call it makes before it shows its data.");

    public event Action? Changed;

    /// <summary>The last page loaded in this circuit and its time, or null before the first.</summary>
    public (string Page, double Milliseconds)? Last { get; private set; }

    public async Task MeasureAsync(string page, Func<Task> load)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await load();
        }
        finally
        {
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            Load.Record(ms, new KeyValuePair<string, object?>("page", page));
            Last = (page, ms);
            Changed?.Invoke();
        }
    }
}
