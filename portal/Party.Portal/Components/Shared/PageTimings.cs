using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Party.Portal.Components.Shared;

/// <summary>
/// How long a page took on the server to get its data, per circuit: from the moment the routed page starts to the end of
/// the last API call of its first load, whether the page makes it while it starts or its grids ask for their first page
/// after the first render. The figure is shown as <c>data-ms</c> of <c>[data-testid=page-load]</c> (with the calls still
/// running as <c>data-pending</c>), where <c>./party bench portal-pages</c> reads it, and recorded as the
/// <c>party.portal.page.load</c> histogram when the next page starts or the circuit ends. The 300 ms is server
/// time, which a browser's own clock would blur with the circuit's round trips.
/// </summary>
public sealed class PageTimings : IDisposable
{
    private static readonly Meter Meter = new("Party.Portal");
    private static readonly Histogram<double> Load = Meter.CreateHistogram<double>("party.portal.page.load", "ms",
        "Server time of a portal page's first load: from its start to the end of the last API call it made for it.");

    private readonly Lock _lock = new();
    private string? _page;
    private long _started;
    private double _ms;
    private int _pending;

    public event Action? Changed;

    /// <summary>The page being timed, its time so far and the calls still running; null before the first page.</summary>
    public (string Page, double Milliseconds, int Pending)? Last
    {
        get
        {
            lock (_lock) return _page is null ? null : (_page, _ms, _pending);
        }
    }

    /// <summary>A routed page starts: the previous page's figure is final.</summary>
    public void Begin(string page)
    {
        lock (_lock)
        {
            RecordPrevious();
            _page = page;
            _started = Stopwatch.GetTimestamp();
            _ms = 0;
            // Calls in flight are kept: the layout's own (the unit's name) may still be running and ends after this.
        }
        Changed?.Invoke();
    }

    /// <summary>Wraps one API call of the current page.</summary>
    public async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        lock (_lock) _pending++;
        // The marker shows the call as running: without this, a call still in flight long after the last one ended looked
        // like a settled page to a reader of data-pending (the narrow-screen test on a loaded machine, the bench).
        Changed?.Invoke();
        try
        {
            return await call();
        }
        finally
        {
            lock (_lock)
            {
                _pending--;
                if (_page is not null) _ms = Stopwatch.GetElapsedTime(_started).TotalMilliseconds;
            }
            Changed?.Invoke();
        }
    }

    public void Dispose()
    {
        lock (_lock) RecordPrevious();
    }

    private void RecordPrevious()
    {
        if (_page is not null) Load.Record(_ms, new KeyValuePair<string, object?>("page", _page));
        _page = null;
    }
}
