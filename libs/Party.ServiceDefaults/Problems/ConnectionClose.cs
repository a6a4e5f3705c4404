using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Party.ServiceDefaults.Problems;

/// <summary>
/// A 413 is sent before the body it refuses has been read; what is left of that body is still on its way on the
/// connection, so the server cannot go on reading requests from it and drops it. Saying <c>Connection: close</c>
/// on the answer tells the client so, and it opens a new connection for its next request instead of sending it
/// on one that is about to be reset.
/// </summary>
public static class ConnectionClose
{
    public static IApplicationBuilder UseConnectionCloseAfterRefusedBody(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        http.Response.OnStarting(static state =>
        {
            var response = (HttpResponse)state;
            if (response.StatusCode == StatusCodes.Status413PayloadTooLarge) response.Headers.Connection = "close";
            return Task.CompletedTask;
        }, http.Response);
        return next(http);
    });
}
