using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace Party.Gateway;

/// <summary>
/// <c>GET /docs</c>: an index of every service's OpenAPI document (HTML, or JSON for
/// <c>Accept: application/json</c> / <c>?format=json</c>); <c>GET /docs/{service}/openapi.json</c>
/// fetches the service's <c>/openapi/v1.json</c> from a healthy replica, with <c>servers</c> pointing
/// at the gateway (the paths are the same through it).
/// </summary>
public static class DocsEndpoints
{
    public const string HttpClientName = "docs";

    public static void MapDocs(this WebApplication app)
    {
        var docs = app.MapGroup("/docs").AllowAnonymous().RequireRateLimiting(GatewayPolicies.PerClientRateLimit);
        docs.MapGet("/", Index).WithName("DocsIndex");
        docs.MapGet("/{service}/openapi.json", OpenApi).WithName("ServiceOpenApi");
    }

    private sealed record ServiceDoc(string Name, string Title, string OpenApi, int Instances, int Healthy);

    private static IResult Index(HttpContext http, IReadOnlyList<UpstreamService> services, IProxyStateLookup state)
    {
        var list = services.Select(s =>
        {
            var healthy = state.TryGetCluster(s.Name, out var cluster)
                ? cluster.Destinations.Values.Count(d => d.Health.Active != DestinationHealth.Unhealthy && d.Health.Passive != DestinationHealth.Unhealthy)
                : 0;
            return new ServiceDoc(s.Name, s.Title, $"/docs/{s.Name}/openapi.json", s.Addresses.Count, healthy);
        }).ToList();

        var wantsJson = string.Equals(http.Request.Query["format"], "json", StringComparison.OrdinalIgnoreCase)
            || (http.Request.Headers.Accept.ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase)
                && !http.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase));
        if (wantsJson) return TypedResults.Ok(new { services = list });

        var html = new StringBuilder();
        html.Append("""
            <!doctype html>
            <html lang="zh-CN"><head><meta charset="utf-8"><title>Party API 文档</title>
            <style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}table{border-collapse:collapse}
            td,th{border:1px solid #ccc;padding:.4rem .8rem;text-align:left}code{background:#f4f4f4;padding:0 .2rem}</style>
            </head><body>
            <h1>Party API 文档</h1>
            <p>所有接口均经网关访问（路径不变），除荣誉榜 <code>GET /api/honors/roll</code> 外都需要 <code>Authorization: Bearer &lt;JWT&gt;</code>。</p>
            <h2>获取令牌</h2>
            <p>县直部门（机器客户端）向运维人员申请客户端编号和密钥（密钥只显示一次），然后：</p>
            <pre>POST /connect/token
            Content-Type: application/x-www-form-urlencoded

            grant_type=client_credentials&amp;client_id=编号&amp;client_secret=密钥&amp;scope=discipline.report</pre>
            <p>应答中的 <code>access_token</code> 有效 30 分钟，过期后再次获取。<code>scope</code> 只能是本部门获授权的范围（否则 <code>invalid_scope</code>），
            省略则给予全部已授权范围。签发方信息：<a href="/.well-known/openid-configuration"><code>/.well-known/openid-configuration</code></a>，
            公钥：<code>/.well-known/jwks</code>。办公人员通过 <code>/account/login</code> 登录（授权码 + PKCE）。</p>
            <table><thead><tr><th>服务</th><th>说明</th><th>OpenAPI 文档</th><th>实例（健康/总数）</th></tr></thead><tbody>
            """);
        foreach (var s in list)
        {
            html.Append("<tr><td><code>/api/").Append(WebUtility.HtmlEncode(s.Name)).Append("</code></td><td>")
                .Append(WebUtility.HtmlEncode(s.Title)).Append("</td><td><a href=\"").Append(WebUtility.HtmlEncode(s.OpenApi)).Append("\">")
                .Append(WebUtility.HtmlEncode(s.OpenApi)).Append("</a></td><td>").Append(s.Healthy).Append(" / ").Append(s.Instances).Append("</td></tr>\n");
        }
        html.Append("</tbody></table></body></html>\n");
        return TypedResults.Content(html.ToString(), "text/html; charset=utf-8");
    }

    private static async Task<IResult> OpenApi(string service, HttpContext http, IReadOnlyList<UpstreamService> services,
        IProxyStateLookup state, IHttpClientFactory clients, ILoggerFactory logs, CancellationToken ct)
    {
        var upstream = services.FirstOrDefault(s => string.Equals(s.Name, service, StringComparison.OrdinalIgnoreCase));
        if (upstream is null)
        {
            await GatewayProblems.WriteAsync(http, 404, "resource.not_found",
                $"没有名为 {service} 的服务；可选：{string.Join("、", services.Select(s => s.Name))}。");
            return Results.Empty;
        }

        // Healthy replicas first, then the rest: a document is better than none.
        var addresses = new List<string>();
        if (state.TryGetCluster(upstream.Name, out var cluster))
        {
            addresses.AddRange(cluster.DestinationsState.AvailableDestinations.Select(d => d.Model.Config.Address));
            addresses.AddRange(cluster.Destinations.Values.Select(d => d.Model.Config.Address));
        }
        addresses.AddRange(upstream.Addresses);

        var client = clients.CreateClient(HttpClientName);
        var log = logs.CreateLogger("Party.Gateway.Docs");
        foreach (var address in addresses.Select(a => a.TrimEnd('/')).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"{address}/openapi/v1.json");
                request.Headers.TryAddWithoutValidation(CorrelationIdMiddleware.Header, http.Items[CorrelationIdMiddleware.Header] as string);
                using var response = await client.SendAsync(request, ct);
                if (!response.IsSuccessStatusCode)
                {
                    log.LogWarning("OpenAPI document of {Service} at {Address}: HTTP {Status}", upstream.Name, address, (int)response.StatusCode);
                    continue;
                }
                var body = await response.Content.ReadAsStringAsync(ct);
                return TypedResults.Content(PointServersAtGateway(body, http), "application/json; charset=utf-8");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                log.LogWarning(e, "OpenAPI document of {Service} at {Address} could not be fetched", upstream.Name, address);
            }
        }
        await GatewayProblems.WriteAsync(http, 502, "gateway.docs_unavailable",
            $"暂时无法从服务 {upstream.Name} 取得 OpenAPI 文档，请稍后重试。");
        return Results.Empty;
    }

    private static string PointServersAtGateway(string json, HttpContext http)
    {
        try
        {
            if (JsonNode.Parse(json) is not JsonObject doc) return json;
            doc["servers"] = new JsonArray(new JsonObject { ["url"] = $"{http.Request.Scheme}://{http.Request.Host}" });
            return doc.ToJsonString();
        }
        catch (System.Text.Json.JsonException)
        {
            return json;
        }
    }
}
