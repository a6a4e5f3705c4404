using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Party.Bench.Scenarios;

/// <summary>
/// The cost of the gateway: the same <c>GET /api/branches/org-units/{id}</c> straight to the branches service, through
/// nginx (the peer: what proxying alone costs, see <see cref="NginxPeer"/>), through YARP alone (the floor: the
/// gateway's proxy without the gateway's work, see <see cref="YarpPeer"/>) and through the gateway (JWT validation,
/// Redis rate limit, YARP), in the same run, side by side with the ratios to direct.
/// </summary>
public sealed class GatewayScenario : IScenario
{
    public static readonly Guid OrgUnitId = Guid.Parse("0b0e0c00-0000-4000-8000-00000000be01");

    public string Name => "gateway";
    public string Description =>
        "GET /api/branches/org-units/{id} direct to branches, through nginx, YARP alone and the gateway; ratios to direct";

    public async Task<ScenarioReport> RunAsync(BenchContext context, CancellationToken ct)
    {
        var operatorToken = context.Token("operator", Guid.Empty, "bench-operator");
        await EnsureOrgUnitAsync(context, operatorToken, ct);

        var tokens = context.Tokens("operator", Guid.Empty);
        var path = $"api/branches/org-units/{OrgUnitId}";
        var direct = context.Direct("branches");
        var gateway = context.Gateway;

        await using var nginx = await NginxPeer.StartAsync(context.Options.Nginx, context.Options.ResolveStateDir(),
            context.Options.ServiceUrl("branches"), context.Log, ct);
        context.WatchCpu("nginx", nginx.Pid);
        await using var yarp = await YarpPeer.StartAsync(context.Options.Extra.GetValueOrDefault("yarp-peer"),
            context.Options.ServiceUrl("branches"), context.Log, ct);
        context.WatchCpu("yarp", yarp.Pid);

        Variant Via(string name, HttpClient client) =>
            new(name, (_, t) => client.SendAsync(BenchContext.Request(HttpMethod.Get, path, tokens.Next()), t));
        var variants = new List<Variant>
        {
            Via("direct", direct), Via("via-nginx", context.Client(nginx.BaseUrl)), Via("via-yarp", context.Client(yarp.BaseUrl)),
            Via("via-gateway", gateway),
        };
        // Another build of the gateway (e.g. before and after a change) in front of the same services, measured in the same rounds.
        variants.AddRange(Candidates(context.Options).Select(c => Via("via-" + c.Name, context.Client(c.Url))));

        var results = await context.CompareAsync(Name, variants, ct, rounds: 4);
        var (directResult, nginxResult, yarpResult, gatewayResult) = (results[0], results[1], results[2], results[3]);

        var notes = new List<string> { "", "against direct:" };
        foreach (var proxy in results.Skip(1))
        {
            notes.Add($"  {proxy.Variant,-12} throughput ×{Ratio(proxy.Throughput, directResult.Throughput)}, " +
                $"median ×{Ratio(proxy.MedianMs, directResult.MedianMs)} ({Delta(proxy.MedianMs, directResult.MedianMs)}), " +
                $"p99 ×{Ratio(proxy.P99Ms, directResult.P99Ms)} ({Delta(proxy.P99Ms, directResult.P99Ms)})");
        }
        notes.Add($"gateway against nginx: throughput ×{Ratio(gatewayResult.Throughput, nginxResult.Throughput)}, " +
            $"median {Delta(gatewayResult.MedianMs, nginxResult.MedianMs)}");
        notes.Add($"gateway against YARP alone: throughput ×{Ratio(gatewayResult.Throughput, yarpResult.Throughput)}, " +
            $"median {Delta(gatewayResult.MedianMs, yarpResult.MedianMs)}");
        if (gatewayResult.RateLimited > 0)
        {
            notes.Add($"note: {gatewayResult.RateLimited:N0} requests were rate-limited (429): " +
                "raise --clients, or the gateway's Gateway__RateLimit__PermitLimit.");
        }
        return new ScenarioReport(results, notes);
    }

    /// <summary><c>--compare name=URL[,name=URL…]</c>: further gateways to measure beside the one at --gateway.</summary>
    private static IReadOnlyList<(string Name, string Url)> Candidates(BenchOptions options)
    {
        if (!options.Extra.TryGetValue("compare", out var list)) return [];
        return list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(pair =>
        {
            var eq = pair.IndexOf('=');
            return eq > 0 && Uri.TryCreate(pair[(eq + 1)..], UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
                ? (pair[..eq], url.AbsoluteUri.TrimEnd('/'))
                : throw new BenchSetupException($"--compare takes name=URL pairs separated by commas, not '{pair}'.");
        }).ToList();
    }

    private static async Task EnsureOrgUnitAsync(BenchContext context, string token, CancellationToken ct)
    {
        var body = new
        {
            id = OrgUnitId,
            code = "BENCH-COUNTY",
            name = "基准测试县委",
            kind = "countyCommittee",
            domain = "governmentOrgan",
            parentId = (Guid?)null,
        };
        using (var create = await context.Gateway.SendAsync(
            BenchContext.Request(HttpMethod.Post, "api/branches/org-units", token, body), ct))
        {
            var text = await create.Content.ReadAsStringAsync(ct);
            if (create.StatusCode == HttpStatusCode.Created) context.Log.WriteLine($"  created org unit {OrgUnitId} (BENCH-COUNTY)");
            else if (create.StatusCode == HttpStatusCode.Conflict)
                context.Log.WriteLine($"  org unit BENCH-COUNTY exists already ({Code(text)}): reusing it");
            else
                throw new BenchSetupException(
                    $"POST /api/branches/org-units through the gateway answered {(int)create.StatusCode}: {text}");
        }
        using var check = await context.Gateway.SendAsync(
            BenchContext.Request(HttpMethod.Get, $"api/branches/org-units/{OrgUnitId}", token), ct);
        if (!check.IsSuccessStatusCode)
        {
            throw new BenchSetupException($"GET /api/branches/org-units/{OrgUnitId} answered {(int)check.StatusCode}: " +
                $"{await check.Content.ReadAsStringAsync(ct)} (is the code BENCH-COUNTY taken by another unit?)");
        }
    }

    private static string Code(string problem)
    {
        try
        {
            using var doc = JsonDocument.Parse(problem);
            return doc.RootElement.TryGetProperty("code", out var code) ? code.GetString() ?? "?" : "?";
        }
        catch (JsonException)
        {
            return "?";
        }
    }

    private static string Ratio(double a, double b) =>
        b > 0 && !double.IsNaN(a) ? (a / b).ToString("0.00", CultureInfo.InvariantCulture) : "-";

    private static string Delta(double a, double b) =>
        double.IsNaN(a) || double.IsNaN(b) ? "-" : $"{(a - b >= 0 ? "+" : "")}{ResultTable.Ms(a - b)} ms";
}
