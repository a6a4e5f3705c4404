using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace Party.ServiceDefaults.Problems;

/// <summary>
/// Applies the body limit per endpoint (<see cref="IRequestSizeLimitMetadata"/>, default 1 MB) and
/// refuses a declared oversize body up front with a 413 problem, whatever server hosts the app.
/// </summary>
public sealed class RequestSizeLimitMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext http)
    {
        var limit = http.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize
            ?? Extensions.MaxRequestBodyBytes;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature) feature.MaxRequestBodySize = limit;
        if (limit is { } max && http.Request.ContentLength > max)
            throw new BadHttpRequestException("request body too large", StatusCodes.Status413PayloadTooLarge);
        return next(http);
    }
}
