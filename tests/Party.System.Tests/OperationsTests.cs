using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

using Party.Testing;

namespace Party.System.Tests;

/// <summary>What an operator sees and relies on in the Aspire dashboard: traces across services, crash recovery, health.</summary>
[Collection(SystemCollection.Name)]
public class OperationsTests(SystemFixture system)
{
    [Fact]
    public async Task A_change_through_the_gateway_is_one_trace_with_the_gateway_the_writer_and_the_consumer()
    {
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using var request = new HttpRequestMessage(HttpMethod.Post, OrgTreeClient.Url)
        {
            Content = JsonContent.Create(new { code = OrgTreeFlowTests.NewCode("TRC"), name = "追踪县委", kind = "countyCommittee",
                domain = "governmentOrgan" }),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        // Without a propagator, HttpClient sends the traceparent as given instead of one of the test process's own.
        using var office = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null })
        {
            BaseAddress = new Uri(system.GatewayUrl),
        };
        office.DefaultRequestHeaders.Authorization = new("Bearer", system.Token(ServiceDefaults.Auth.PartyRoles.Operator, Guid.Empty));
        await (await office.SendAsync(request)).AssertStatusAsync(201);

        // branches writes the org unit and its OrgUnitRegistered event; members (among others) consumes it.
        using var dashboard = new HttpClient { BaseAddress = system.DashboardUrl };
        await Eventually.ResultAsync(async () =>
            {
                using var response = await dashboard.GetAsync($"/api/telemetry/traces/{traceId}");
                return response.IsSuccessStatusCode ? ServicesIn(await response.Content.ReadFromJsonAsync<JsonNode>()) : [];
            },
            s => s.IsSupersetOf(["gateway", "branches", "members", "honors", "resident-cadres"]), TimeSpan.FromSeconds(30),
            "one trace holding spans of the gateway, branches and the consumers in members, honors and resident-cadres");

        // Every project follows the caller's sampled flag, and starts at most ten traces a second of its own
        // (--traces-per-second): the sampler is ours (TraceSampling), not one OpenTelemetry would read from OTEL_TRACES_SAMPLER.
        foreach (var name in new[] { "gateway", "branches", "members", "honors", "resident-cadres", "identity", "webhooks", "portal" })
        {
            var environment = system.Snapshot(system.InstancesOf(name)[0]).EnvironmentVariables;
            Assert.Equal(["10"], environment.Where(v => v.Name == "Party__Telemetry__TracesPerSecond").Select(v => v.Value));
            Assert.DoesNotContain(environment, v => v.Name.StartsWith("OTEL_TRACES_SAMPLER", StringComparison.Ordinal));
            // Metrics every 10 s, not Aspire's every second: the one value of the variable, so Aspire's was replaced.
            Assert.Equal(["10000"], environment.Where(v => v.Name == "OTEL_METRIC_EXPORT_INTERVAL").Select(v => v.Value));
        }
    }

    [Fact]
    public async Task A_service_killed_with_SIGKILL_is_running_and_healthy_again_without_a_person()
    {
        var killed = Stopwatch.StartNew();
        var instance = await system.KillAsync("branches");
        var exitSeen = killed.Elapsed;
        // Where the time goes, from the process's side: it answers /health 200 on its own port (the app host then sees it).
        using var direct = new HttpClient { BaseAddress = new Uri(system.InstanceUrl(instance)), Timeout = TimeSpan.FromSeconds(2) };
        TimeSpan? answered = null;
        var answering = Task.Run(async () =>
        {
            while (true)
            {
                try
                {
                    if ((await direct.GetAsync("/health")).IsSuccessStatusCode) return (answered = killed.Elapsed).Value;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { } // not listening yet
                await Task.Delay(100);
            }
        });
        // Issue 10 asks for 30 s. The bound here is the time the app host may take on a loaded 2-core machine.
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(90) - killed.Elapsed);
        try
        {
            await system.App.ResourceNotifications.WaitForResourceAsync("branches", e => e.ResourceId == instance &&
                e.Snapshot.State?.Text == KnownResourceStates.Running &&
                e.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy,
                bound.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"branches not healthy in the app host 90 s after SIGKILL (exit seen {exitSeen.TotalSeconds:0.0} s, " +
                $"/health 200 {(answered is { } a ? $"{a.TotalSeconds:0.0} s" : "not yet")})");
        }
        var back = killed.Elapsed;
        var healthy = await answering.WaitAsync(TimeSpan.FromSeconds(10));
        Console.WriteLine($"branches after SIGKILL: exit seen by the app host {exitSeen.TotalSeconds:0.0} s, " +
            $"/health 200 {healthy.TotalSeconds:0.0} s, " +
            $"running and healthy in the app host {back.TotalSeconds:0.0} s");
        // The dashboard shows that it happened: a restart count on the resource.
        Assert.Contains(system.Snapshot(instance).Properties, p => p.Name == "party.restarts" && Convert.ToInt32(p.Value) >= 1);
        // And the system works through it.
        using var office = system.Operator();
        await (await office.GetAsync(OrgTreeClient.Url)).AssertStatusAsync(200);
    }

    [Fact]
    public async Task The_dashboard_lists_every_resource_running_and_healthy()
    {
        var expected = SystemFixture.Resources;
        foreach (var name in expected)
            await system.App.ResourceNotifications.WaitForResourceHealthyAsync(name,
                new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

        // Every instance, as the dashboard's resource list shows it.
        foreach (var name in expected)
        {
            foreach (var instance in system.InstancesOf(name))
                Assert.Equal(KnownResourceStates.Running, system.Snapshot(instance).State?.Text);
        }
    }

    private static HashSet<string> ServicesIn(JsonNode? otlp) =>
        (otlp?["data"]?["resourceSpans"]?.AsArray() ?? [])
            .SelectMany(r => r!["resource"]?["attributes"]?.AsArray() ?? [])
            .Where(a => a!["key"]!.GetValue<string>() == "service.name")
            .Select(a => a!["value"]!["stringValue"]!.GetValue<string>())
            .ToHashSet();
}
