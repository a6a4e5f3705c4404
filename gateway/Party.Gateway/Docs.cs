using System.Text.Json.Nodes;
using Scalar.AspNetCore;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace Party.Gateway;

/// <summary>
/// <c>GET /docs</c>: the interactive API reference (Scalar) — a document per bureau task with that bureau's guide as its
/// introduction, then every service's whole document — with the client-credentials flow wired so an integrator can try a
/// call with their own client. <c>GET /docs/index.json</c> lists the documents; <c>GET /docs/{service}/openapi.json</c>
/// fetches the service's <c>/openapi/v1.json</c> from a healthy replica, with <c>servers</c> pointing
/// at the gateway (the paths are the same through it).
/// </summary>
public static class DocsEndpoints
{
    public const string HttpClientName = "docs";

    public static void MapDocs(this WebApplication app)
    {
        var docs = app.MapGroup("/docs").AllowAnonymous().RequireRateLimiting(GatewayPolicies.PerClientRateLimit);
        docs.MapGet("/index.json", Index).WithName("DocsIndex");
        docs.MapGet("/{service}/openapi.json", OpenApi).WithName("ServiceOpenApi");
        docs.MapGet("/tasks/{task}/openapi.json", TaskOpenApi).WithName("BureauTaskOpenApi");
        docs.MapGet("/guides/{name}.md", Guide).WithName("BureauGuide");
        docs.MapGet("/guides/samples/{name:regex(^[A-Za-z]+$)}.cs", (string name) =>
                Path.Combine(SampleDir, name + ".cs") is var path && File.Exists(path)
                    ? Results.Text(File.ReadAllText(path), "text/plain; charset=utf-8")
                    : Results.NotFound())
            .WithName("BureauSample");
        // The interactive reference (Scalar): one document per bureau task first, then every service's whole document.
        app.MapScalarApiReference("/docs", (options, http) =>
        {
            var services = http.RequestServices.GetRequiredService<IReadOnlyList<UpstreamService>>();
            options.WithTitle("Party API 文档")
                .WithOpenApiRoutePattern("/docs/{documentName}/openapi.json")
                .AddPreferredSecuritySchemes([BureauScheme])
                .AddClientCredentialsFlow(BureauScheme, flow => flow.WithTokenUrl("/connect/token"))
                .WithDefaultHttpClient(ScalarTarget.Shell, ScalarClient.Curl)
                // Offices may have no internet: the page loads nothing from outside the gateway (its fonts would come from
                // Scalar's CDN; the AI chat and MCP features talk to Scalar's servers).
                .DisableDefaultFonts()
                .DisableAgent()
                .DisableMcp();
            options.Telemetry = false;
            var first = true;
            foreach (var task in BureauTasks.All)
            {
                options.AddDocument($"tasks/{task.Slug}", task.Title, $"/docs/tasks/{task.Slug}/openapi.json", isDefault: first);
                first = false;
            }
            foreach (var service in services)
                options.AddDocument(service.Name, $"{service.Title}（全部接口）", $"/docs/{service.Name}/openapi.json");
        }).AllowAnonymous().RequireRateLimiting(GatewayPolicies.PerClientRateLimit);
    }

    /// <summary>The OAuth2 scheme every document served here declares: a bureau's client credentials at <c>/connect/token</c>.</summary>
    public const string BureauScheme = "bureauClient";

    private sealed record ServiceDoc(string Name, string Title, string OpenApi, int Instances, int Healthy);

    private static IResult Index(IReadOnlyList<UpstreamService> services, IProxyStateLookup state)
    {
        var list = services.Select(s =>
        {
            var healthy = state.TryGetCluster(s.Name, out var cluster)
                ? cluster.Destinations.Values.Count(d =>
                    d.Health.Active != DestinationHealth.Unhealthy && d.Health.Passive != DestinationHealth.Unhealthy)
                : 0;
            return new ServiceDoc(s.Name, s.Title, $"/docs/{s.Name}/openapi.json", s.Addresses.Count, healthy);
        }).ToList();

        return TypedResults.Ok(new
        {
            services = list,
            tasks = BureauTasks.All.Select(t => new
            {
                t.Slug,
                t.Title,
                t.Scope,
                openApi = $"/docs/tasks/{t.Slug}/openapi.json",
                guide = $"/docs/guides/{t.Slug}.md",
            }),
            guides = BureauTasks.GuideNames.Order().Select(g => $"/docs/guides/{g}.md"),
        });
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
        if (await FetchAsync(upstream, http, state, clients, logs, ct) is not { } doc)
        {
            await GatewayProblems.WriteAsync(http, 502, "gateway.docs_unavailable",
                $"暂时无法从服务 {upstream.Name} 取得 OpenAPI 文档，请稍后重试。");
            return Results.Empty;
        }
        return TypedResults.Content(ForGateway(doc, http).ToJsonString(), "application/json; charset=utf-8");
    }

    /// <summary>
    /// One bureau task's operations from every service (those whose <c>x-required-scope</c> is the task's scope) and the
    /// webhooks API, in one document whose description is the bureau's guide.
    /// </summary>
    private static async Task<IResult> TaskOpenApi(string task, HttpContext http, IReadOnlyList<UpstreamService> services,
        IProxyStateLookup state, IHttpClientFactory clients, ILoggerFactory logs, CancellationToken ct)
    {
        var t = BureauTasks.All.FirstOrDefault(x => x.Slug == task);
        if (t is null)
        {
            await GatewayProblems.WriteAsync(http, 404, "resource.not_found",
                $"没有名为 {task} 的部门任务；可选：{string.Join("、", BureauTasks.All.Select(x => x.Slug))}。");
            return Results.Empty;
        }
        var fetched = await Task.WhenAll(services.Select(async s => (s.Name, Doc: await FetchAsync(s, http, state, clients, logs, ct))));
        var missing = fetched.Where(f => f.Doc is null).Select(f => f.Name).ToList();
        var found = fetched.Where(f => f.Doc is not null).Select(f => (f.Name, f.Doc!)).ToList();
        var merged = BureauTasks.Merge(t, found, ReadGuide(t.Slug), missing);
        return TypedResults.Content(ForGateway(merged, http).ToJsonString(), "application/json; charset=utf-8");
    }

    private static async Task<IResult> Guide(string name, HttpContext http)
    {
        if (ReadGuide(name) is not { } text)
        {
            await GatewayProblems.WriteAsync(http, 404, "resource.not_found",
                $"没有名为 {name} 的接入指南；可选：{string.Join("、", BureauTasks.GuideNames)}。");
            return Results.Empty;
        }
        return TypedResults.Content(text, "text/markdown; charset=utf-8");
    }

    private static readonly string GuideDir = Path.Combine(AppContext.BaseDirectory, "bureaus");
    /// <summary>
    /// The guides' C# samples (docs/bureaus/samples), compiled and run by the test suite; only names of letters are served.
    /// </summary>
    private static readonly string SampleDir = Path.Combine(GuideDir, "samples");

    /// <summary>
    /// A guide as copied next to the gateway from <c>docs/bureaus/</c> (only known names are read), its links between
    /// guides turned into the addresses they are served at.
    /// </summary>
    private static string? ReadGuide(string name)
    {
        if (!BureauTasks.GuideNames.Contains(name)) return null;
        var path = Path.Combine(GuideDir, name + ".md");
        if (!File.Exists(path)) return null;
        return System.Text.RegularExpressions.Regex.Replace(
            File.ReadAllText(path),
            @"\]\((samples/[A-Za-z]+\.cs|[a-z-]+\.md)\)",
            m => $"](/docs/guides/{m.Groups[1].Value})");
    }

    /// <summary>
    /// Documents fetched, per service and its addresses. A document changes only when its service is deployed again, and its
    /// first generation can take longer than a reader should wait on a busy machine: once fetched it is served from here
    /// for <see cref="FetchedFor"/>, so a second look at the reference neither waits nor fails on it.
    /// </summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (JsonObject Doc, long At)> Fetched = new();
    private static readonly TimeSpan FetchedFor = TimeSpan.FromMinutes(5);

    private static async Task<JsonObject?> FetchAsync(UpstreamService upstream, HttpContext http, IProxyStateLookup state,
        IHttpClientFactory clients, ILoggerFactory logs, CancellationToken ct)
    {
        var key = upstream.Name + "|" + string.Join(",", upstream.Addresses);
        if (Fetched.TryGetValue(key, out var kept) && System.Diagnostics.Stopwatch.GetElapsedTime(kept.At) < FetchedFor)
            return (JsonObject)kept.Doc.DeepClone();
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
                request.Headers.TryAddWithoutValidation(
                    CorrelationIdMiddleware.Header, http.Items[CorrelationIdMiddleware.Header] as string);
                using var response = await client.SendAsync(request, ct);
                if (!response.IsSuccessStatusCode)
                {
                    log.LogWarning("OpenAPI document of {Service} at {Address}: HTTP {Status}",
                        upstream.Name, address, (int)response.StatusCode);
                    continue;
                }
                if (JsonNode.Parse(await response.Content.ReadAsStringAsync(ct)) is JsonObject doc)
                {
                    Fetched[key] = ((JsonObject)doc.DeepClone(), System.Diagnostics.Stopwatch.GetTimestamp());
                    return doc;
                }
            }
            catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException or TaskCanceledException
                && !ct.IsCancellationRequested)
            {
                log.LogWarning(e, "OpenAPI document of {Service} at {Address} could not be fetched", upstream.Name, address);
            }
        }
        return null;
    }

    /// <summary>
    /// The document as seen through the gateway: <c>servers</c> is the gateway (the paths are the same through it), and
    /// every operation is secured by a bureau's client credentials, so the reference page can fetch a token and try a call.
    /// </summary>
    private static JsonObject ForGateway(JsonObject doc, HttpContext http)
    {
        doc["servers"] = new JsonArray(new JsonObject { ["url"] = $"{http.Request.Scheme}://{http.Request.Host}", ["description"] = "网关" });
        var components = doc["components"] as JsonObject ?? new JsonObject();
        doc["components"] = components;
        var schemes = components["securitySchemes"] as JsonObject ?? new JsonObject();
        components["securitySchemes"] = schemes;
        schemes[BureauScheme] = new JsonObject
        {
            ["type"] = "oauth2",
            ["description"] = "县直部门的客户端凭据（client_id / client_secret 向运维人员申请）。令牌 30 分钟有效。",
            ["flows"] = new JsonObject
            {
                ["clientCredentials"] = new JsonObject
                {
                    ["tokenUrl"] = "/connect/token",
                    ["scopes"] = new JsonObject
                    {
                        ["discipline.report"] = "纪委：报送处分",
                        ["honors.review"] = "联审部门：评先评优联审意见",
                        ["finance.payments"] = "财政局：读取已审定核算单、确认支付",
                        ["villages.report"] = "农业农村局：报送村级脱贫数据",
                    },
                },
            },
        };
        doc["security"] = new JsonArray(new JsonObject { [BureauScheme] = new JsonArray() });
        return doc;
    }
}
