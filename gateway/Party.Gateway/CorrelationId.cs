using System.Diagnostics;

namespace Party.Gateway;

/// <summary>
/// Takes the caller's <c>X-Correlation-Id</c> (or makes one), puts it on the proxied request —
/// it is a request header, so YARP copies it — on the response, on the trace and in log scopes.
/// </summary>
public sealed class CorrelationIdMiddleware(RequestDelegate next, ILogger<CorrelationIdMiddleware> log)
{
    public const string Header = "X-Correlation-Id";

    public async Task InvokeAsync(HttpContext http)
    {
        var incoming = http.Request.Headers[Header];
        var id = incoming.Count == 1 && IsAcceptable(incoming[0]) ? incoming[0]! : Guid.NewGuid().ToString("N");
        http.Request.Headers[Header] = id;
        http.Items[Header] = id;
        Activity.Current?.SetTag("correlation.id", id);
        http.Response.OnStarting(() =>
        {
            http.Response.Headers[Header] = id;
            return Task.CompletedTask;
        });
        using (log.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = id }))
        {
            await next(http);
        }
    }

    /// <summary>Up to 128 visible ASCII characters without separators that could break a header or a log line.</summary>
    private static bool IsAcceptable(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= 128 && value.All(c => c is > ' ' and < '\u007f' and not ',' and not ';');
}
