using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Model;

namespace Party.Gateway;

/// <summary>
/// Applies the matched route's body limit (<c>RouteConfig.MaxRequestBodySize</c>: 1 MB by default,
/// 20 MB for the members Excel import) before anything reads the body, and answers a declared
/// oversize body with a 413 problem at once. A chunked body that grows past the limit is stopped by
/// Kestrel while it is being forwarded; <see cref="ProxyPipeline"/> turns that into the same 413.
/// </summary>
public sealed class RequestBodyLimitMiddleware(RequestDelegate next, Microsoft.Extensions.Options.IOptionsMonitor<GatewayOptions> options)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var route = http.GetEndpoint()?.Metadata.GetMetadata<RouteModel>();
        var limit = route?.Config.MaxRequestBodySize is { } l and > 0 ? l : options.CurrentValue.MaxRequestBodyBytes;
        var feature = http.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false }) feature.MaxRequestBodySize = limit;

        if (http.Request.ContentLength is { } length && length > limit)
        {
            await WriteTooLarge(http, limit);
            return;
        }
        await next(http);
    }

    public static Task WriteTooLarge(HttpContext http, long limit) =>
        GatewayProblems.WriteAsync(http, StatusCodes.Status413PayloadTooLarge, "request.too_large",
            $"请求体超过允许的大小（此接口最多 {Describe(limit)}）。");

    private static string Describe(long bytes) =>
        bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MB"
        : bytes >= 1024 && bytes % 1024 == 0 ? $"{bytes / 1024} KB" : $"{bytes} 字节";
}
