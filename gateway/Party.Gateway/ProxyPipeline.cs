using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Party.Gateway;

/// <summary>
/// The per-request proxy pipeline: YARP's standard steps (affinity, load balancing, passive health)
/// with two of ours around them — upstream failures become problem details, and GET/HEAD requests
/// that could not reach a replica are tried once more on another one.
/// </summary>
public static class ProxyPipeline
{
    public static void Configure(IReverseProxyApplicationBuilder proxy)
    {
        proxy.UseMiddleware<UpstreamErrorMiddleware>();
        proxy.UseMiddleware<IdempotentRetryMiddleware>();
        proxy.UseSessionAffinity();
        proxy.UseLoadBalancing();
        proxy.UsePassiveHealthChecks();
    }
}

/// <summary>
/// A proxied answer goes back exactly as the service wrote it (status code pages are switched off
/// for it); a failure of the gateway's own — no replica, unreachable, timed out, body too large —
/// becomes a problem with a stable code.
/// </summary>
public sealed class UpstreamErrorMiddleware(RequestDelegate next, ILogger<UpstreamErrorMiddleware> log)
{
    public async Task InvokeAsync(HttpContext http)
    {
        if (http.Features.Get<IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;
        await next(http);

        var error = http.Features.Get<IForwarderErrorFeature>();
        if (error is null || http.Response.HasStarted) return;
        var service = http.GetReverseProxyFeature().Route.Cluster?.ClusterId ?? "?";
        var (status, code, detail) = error.Error switch
        {
            ForwarderError.NoAvailableDestinations => (503, "gateway.no_upstream", $"服务 {service} 当前没有可用实例，请稍后重试。"),
            ForwarderError.RequestTimedOut => (504, "gateway.upstream_timeout", $"服务 {service} 未在规定时间内响应，请稍后重试。"),
            ForwarderError.RequestBodyClient when IsTooLarge(error.Exception) => (413, "request.too_large", ""),
            ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled or ForwarderError.RequestBodyClient => (0, "", ""),
            _ => (502, "gateway.upstream_unavailable", $"暂时无法连接服务 {service}，请稍后重试；如持续出现请联系运维。"),
        };
        if (status == 0) return; // the caller went away or sent a broken body: nobody to answer
        if (status >= 500)
            log.LogWarning(error.Exception, "Proxying {Method} {Path} to {Service} failed: {Error}",
                http.Request.Method, http.Request.Path, service, error.Error);
        http.Response.Clear();
        if (status == 413)
        {
            await RequestBodyLimitMiddleware.WriteTooLarge(http, http.GetReverseProxyFeature().Route.Config.MaxRequestBodySize ?? 0);
            return;
        }
        await GatewayProblems.WriteAsync(http, status, code, detail);
    }

    private static bool IsTooLarge(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }) return true;
        }
        return false;
    }
}

/// <summary>
/// YARP 2.3 has no built-in retry. A GET or HEAD without a body that failed before any response
/// (connection refused or reset: <see cref="ForwarderError.Request"/>) is sent again, to a replica
/// not yet tried when there is one. Writes are never retried; neither are timeouts (the caller has
/// waited long enough) nor anything after the response has started.
/// </summary>
public sealed class IdempotentRetryMiddleware(
    RequestDelegate next, IOptionsMonitor<GatewayOptions> options, ILogger<IdempotentRetryMiddleware> log)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var maxAttempts = options.CurrentValue.RetryMaxAttempts;
        var request = http.Request;
        var idempotent = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
        var hasBody = request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0;
        if (maxAttempts <= 1 || !idempotent || hasBody)
        {
            await next(http);
            return;
        }

        var proxy = http.GetReverseProxyFeature();
        var candidates = proxy.AvailableDestinations;
        var tried = new List<DestinationState>(maxAttempts);
        for (var attempt = 1; ; attempt++)
        {
            await next(http);
            var error = http.Features.Get<IForwarderErrorFeature>();
            if (error is null || error.Error != ForwarderError.Request || attempt >= maxAttempts
                || http.Response.HasStarted || http.RequestAborted.IsCancellationRequested)
            {
                return;
            }
            if (proxy.ProxiedDestination is { } failed) tried.Add(failed);
            var untried = candidates.Where(d => !tried.Contains(d)).ToList();
            proxy.AvailableDestinations = untried.Count > 0 ? untried : candidates;
            log.LogInformation("Retrying {Method} {Path} after {Error} from {Destination} (attempt {Attempt} of {Max})",
                request.Method, request.Path, error.Error, proxy.ProxiedDestination?.DestinationId, attempt + 1, maxAttempts);
            proxy.ProxiedDestination = null;
            http.Features.Set<IForwarderErrorFeature>(null);
            // The forwarder refuses a response that already looks answered (YARP set 502).
            http.Response.Clear();
        }
    }
}
