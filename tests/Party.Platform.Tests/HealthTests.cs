using System.Net;
using System.Text.Json.Nodes;
using Party.Testing;

namespace Party.Platform.Tests;

/// <summary>
/// A service's <c>/health</c> tells an operator which dependency is in trouble: Degraded, with the reason, as JSON —
/// and still 200, because the instance keeps serving (writes go to the outbox, reads skip Redis); see HealthReports.
/// </summary>
public class ServiceHealthTests(FreezableBranchesFactory factory) : IClassFixture<FreezableBranchesFactory>
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(20);

    private async Task<(HttpStatusCode Status, JsonNode Body)> HealthAsync()
    {
        var response = await factory.CreateClient().GetAsync("/health");
        var text = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.MediaType ?? "");
        return (response.StatusCode, JsonNode.Parse(text)!);
    }

    private static string Problems(JsonNode body) => string.Join(" | ", body["problems"]!.AsArray().Select(p => p!.GetValue<string>()));

    [Fact]
    public async Task A_frozen_broker_degrades_health_naming_the_broker_and_recovers()
    {
        await Eventually.TrueAsync(async () => (await HealthAsync()).Body["status"]!.GetValue<string>() == "Healthy", Within,
            "healthy at first");
        factory.Broker.Freeze();
        try
        {
            // Waits for the broker's own check: on a loaded machine a Redis call slower than its 200 ms budget also degrades the
            // service for a few seconds (RedisGate), and that reading can come first.
            var (status, body) = await Eventually.ResultAsync(HealthAsync,
                h => h.Body["checks"]!["broker"]!["status"]!.GetValue<string>() == "Degraded", Within,
                "degraded while the broker is frozen");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("Degraded", body["status"]!.GetValue<string>());
            Assert.Contains("broker: RabbitMQ", Problems(body));
            Assert.Equal("Degraded", body["checks"]!["broker"]!["status"]!.GetValue<string>());
        }
        finally
        {
            factory.Broker.Thaw();
        }
        await Eventually.TrueAsync(async () => (await HealthAsync()).Body["status"]!.GetValue<string>() == "Healthy", Within,
            "healthy again once the broker answers");
    }

    [Fact]
    public async Task A_stalled_redis_degrades_health_naming_redis_and_recovers()
    {
        await Eventually.TrueAsync(async () => (await HealthAsync()).Body["status"]!.GetValue<string>() == "Healthy", Within,
            "healthy at first");
        factory.Redis.Freeze();
        try
        {
            var (status, body) = await Eventually.ResultAsync(HealthAsync, h => Problems(h.Body).Contains("redis: Redis"), Within,
                "degraded while Redis is stalled");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("Degraded", body["status"]!.GetValue<string>());
        }
        finally
        {
            factory.Redis.Thaw();
        }
        await Eventually.TrueAsync(async () => (await HealthAsync()).Body["status"]!.GetValue<string>() == "Healthy", Within,
            "healthy again once Redis answers");
    }
}
