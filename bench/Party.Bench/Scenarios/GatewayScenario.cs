using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Party.Bench.Scenarios;

/// <summary>
/// The cost of the gateway: the same <c>GET /api/branches/org-units/{id}</c> through the gateway
/// (JWT validation, Redis rate limit, YARP) and straight to the branches service, side by side.
/// </summary>
public sealed class GatewayScenario : IScenario
{
    public static readonly Guid OrgUnitId = Guid.Parse("0b0e0c00-0000-4000-8000-00000000be01");

    public string Name => "gateway";
    public string Description => "GET /api/branches/org-units/{id} through the gateway vs. direct to branches; overhead as ratios";

    public async Task<ScenarioReport> RunAsync(BenchContext context, CancellationToken ct)
    {
        var operatorToken = context.Token("operator", Guid.Empty, "bench-operator");
        await EnsureOrgUnitAsync(context, operatorToken, ct);

        var tokens = context.Tokens("operator", Guid.Empty);
        var path = $"api/branches/org-units/{OrgUnitId}";
        var direct = context.Direct("branches");
        var gateway = context.Gateway;

        var results = await context.CompareAsync(Name,
        [
            new Variant("direct", (_, t) => direct.SendAsync(BenchContext.Request(HttpMethod.Get, path, tokens.Next()), t)),
            new Variant("via-gateway", (_, t) => gateway.SendAsync(BenchContext.Request(HttpMethod.Get, path, tokens.Next()), t)),
        ], ct, rounds: 4);
        var (directResult, gatewayResult) = (results[0], results[1]);

        var notes = new List<string>
        {
            "",
            $"gateway overhead: median ×{Ratio(gatewayResult.MedianMs, directResult.MedianMs)} " +
                $"({Delta(gatewayResult.MedianMs, directResult.MedianMs)}), " +
                $"p99 ×{Ratio(gatewayResult.P99Ms, directResult.P99Ms)} ({Delta(gatewayResult.P99Ms, directResult.P99Ms)}), " +
                $"throughput ×{Ratio(gatewayResult.Throughput, directResult.Throughput)}",
        };
        if (gatewayResult.RateLimited > 0)
        {
            notes.Add($"note: {gatewayResult.RateLimited:N0} requests were rate-limited (429): raise --clients, or the gateway's Gateway__RateLimit__PermitLimit.");
        }
        return new ScenarioReport(results, notes);
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
        using (var create = await context.Gateway.SendAsync(BenchContext.Request(HttpMethod.Post, "api/branches/org-units", token, body), ct))
        {
            var text = await create.Content.ReadAsStringAsync(ct);
            if (create.StatusCode == HttpStatusCode.Created) context.Log.WriteLine($"  created org unit {OrgUnitId} (BENCH-COUNTY)");
            else if (create.StatusCode == HttpStatusCode.Conflict) context.Log.WriteLine($"  org unit BENCH-COUNTY exists already ({Code(text)}): reusing it");
            else throw new BenchSetupException($"POST /api/branches/org-units through the gateway answered {(int)create.StatusCode}: {text}");
        }
        using var check = await context.Gateway.SendAsync(BenchContext.Request(HttpMethod.Get, $"api/branches/org-units/{OrgUnitId}", token), ct);
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

    private static string Delta(double gateway, double direct) =>
        double.IsNaN(gateway) || double.IsNaN(direct) ? "-" : $"{(gateway - direct >= 0 ? "+" : "")}{ResultTable.Ms(gateway - direct)} ms";
}
