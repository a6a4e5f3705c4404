using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.Platform.Tests;

/// <summary>
/// docs/bureaus/versioning.md through the real gateway in front of the branches service: <c>/api/v1/…</c> is today's
/// <c>/api/…</c>, a deprecated operation says so on every answer (RFC 9745 <c>Deprecation</c>, RFC 8594 <c>Sunset</c>, a
/// <c>Link</c> to its successor on the same version), and the policy's table lists every operation the document deprecates.
/// </summary>
public class VersioningTests(KestrelBranchesFactory branches) : IClassFixture<KestrelBranchesFactory>
{
    [Fact]
    public async Task Version_1_paths_are_todays_routes_and_a_deprecated_operation_names_its_successor_and_sunset()
    {
        await using var redis = await OwnRedis.StartAsync();
        await using var gw = GatewayFactory.Start(redis,
            new Dictionary<string, string> { ["branches"] = branches.CreateClient().BaseAddress!.ToString().TrimEnd('/') });
        var tree = await new OrgTreeClient(branches.OperatorClient()).CreateCountyAsync("V" + Guid.NewGuid().ToString("N")[..7], 1, 1);
        var county = gw.CreateClient();
        county.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            TestTokens.Mint("county-1", PartyRoles.County, tree.County));
        var finance = gw.CreateClient();
        finance.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            TestTokens.Mint("caizheng", PartyRoles.Bureau, tree.County, ["finance.payments"]));

        var unversioned = await (await county.GetAsync($"/api/branches/org-units?under={tree.County}")).AssertStatusAsync(200);
        var v1 = await (await county.GetAsync($"/api/v1/branches/org-units?under={tree.County}")).AssertStatusAsync(200);
        Assert.Equal(unversioned.ToJsonString(), v1.ToJsonString());
        await (await county.GetAsync("/api/v1/no-such-service/x")).AssertProblemAsync(404, "resource.not_found");

        // The deprecated confirmation, refused (no such subsidy) yet still saying what replaces it, on the version called.
        var id = Guid.NewGuid();
        foreach (var (prefix, successor) in new[] { ("/api/v1", $"/api/v1/branches/subsidies/{id}/confirm"),
            ("/api", $"/api/branches/subsidies/{id}/confirm") })
        {
            var legacy = await finance.PostAsJsonAsync($"{prefix}/branches/subsidies/{id}/payment",
                new { paymentReference = "CZ-1", paidOn = "2026-12-01" });
            await legacy.AssertProblemAsync(404, "subsidies.not_found");
            Assert.Equal("@1796083200", Assert.Single(legacy.Headers.GetValues("Deprecation")));
            Assert.Equal("Wed, 30 Jun 2027 00:00:00 GMT", Assert.Single(legacy.Headers.GetValues("Sunset")));
            var link = string.Join(", ", legacy.Headers.GetValues("Link"));
            Assert.Contains($"<{successor}>; rel=\"successor-version\"", link);
            Assert.Contains("</docs/guides/versioning.md>; rel=\"deprecation\"", link);
            var current = await finance.PostAsJsonAsync($"{prefix}/branches/subsidies/{id}/confirm",
                new { reference = "CZ-1", paidOn = "2026-12-01" });
            await current.AssertProblemAsync(404, "subsidies.not_found");
            Assert.False(current.Headers.Contains("Deprecation"));
        }

        // Every operation the service's document deprecates is in the policy's table, with its successor and sunset.
        var document = JsonNode.Parse(await branches.CreateClient().GetStringAsync("/openapi/v1.json"))!;
        var policy = await gw.CreateClient().GetStringAsync("/docs/guides/versioning.md");
        var deprecated = document["paths"]!.AsObject()
            .SelectMany(p =>
                p.Value!.AsObject().Where(m => m.Value?["deprecated"]?.GetValue<bool>() == true)
                .Select(m => (Path: p.Key, Method: m.Key, Op: m.Value!)))
            .ToList();
        Assert.NotEmpty(deprecated);
        foreach (var (path, method, op) in deprecated)
        {
            var row = policy.Split('\n')
                .FirstOrDefault(l =>
                    l.StartsWith($"| `{method.ToUpperInvariant()} /api/v1{path["/api".Length..]}`", StringComparison.Ordinal));
            Assert.True(row is not null, $"{method} {path} is deprecated but not in versioning.md's table");
            Assert.Contains($"/api/v1{op["x-successor"]!.GetValue<string>()["/api".Length..]}", row);
            Assert.Contains(op["x-sunset"]!.GetValue<string>(), row);
        }
    }
}
