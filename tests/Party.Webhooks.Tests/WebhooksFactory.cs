using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.Webhooks.Tests;

/// <summary>
/// The webhooks service against the real servers, with retries in fractions of a second instead of minutes and at most
/// two requests in flight per receiver, so back-off and isolation show within a test.
/// </summary>
public class WebhooksFactory() : ServiceFactory<Program>(Extensions.Database)
{
    public const int PerReceiver = 2;

    protected virtual double RetryWindowHours => 24;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Webhooks:RetryBaseSeconds", "0.2");
        builder.UseSetting("Webhooks:RetryMaxSeconds", "1");
        builder.UseSetting("Webhooks:PollSeconds", "0.2");
        builder.UseSetting("Webhooks:TimeoutSeconds", "60");
        builder.UseSetting("Webhooks:MaxInFlightPerReceiver", PerReceiver.ToString());
        builder.UseSetting("Webhooks:RetryWindowHours", RetryWindowHours.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>A bureau's machine client: <c>sub</c> is its client id, <c>org</c> its county.</summary>
    public HttpClient Bureau(string clientId, Guid county, params string[] scopes)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Bearer", TestTokens.Mint(clientId, PartyRoles.Bureau, county, scopes));
        return client;
    }

    /// <summary>A client registered in identity the normal way: any client id, its bureau in the <c>bureau</c> claim.</summary>
    public HttpClient RegisteredBureau(string clientId, string bureau, Guid county, params string[] scopes)
    {
        var client = CreateClient();
        var claims = new Dictionary<string, object>
        {
            [PartyClaims.Subject] = clientId, [PartyClaims.Name] = clientId, [PartyClaims.Role] = PartyRoles.Bureau,
            [PartyClaims.Org] = county.ToString(), [PartyClaims.Scope] = string.Join(' ', scopes), [PartyClaims.Bureau] = bureau,
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            TestTokens.MintClaims(claims, DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddHours(1)));
        return client;
    }

    public IBus Bus => Services.GetRequiredService<IBus>();

    public static async Task<(Guid Id, string Secret)> SubscribeAsync(HttpClient bureau, string url, params string[] kinds)
    {
        var created = await (await bureau.PostJsonAsync("/api/webhooks/subscriptions",
            new { url, eventKinds = kinds, description = "测试接收地址" }))
            .AssertStatusAsync(201);
        return (created["subscription"]!["id"]!.GetValue<Guid>(), created["secret"]!.GetValue<string>());
    }

    public static async Task<List<JsonNode>> DeliveriesAsync(HttpClient bureau, Guid subscription)
    {
        var page = await (await bureau.GetAsync($"/api/webhooks/deliveries?subscriptionId={subscription}&pageSize=200"))
            .AssertStatusAsync(200);
        return page["items"]!.AsArray().Select(n => n!).ToList();
    }
}

/// <summary>Deliveries give up after about two seconds, so a receiver that never answers 2xx ends in <c>failed</c>.</summary>
public sealed class ShortWindowWebhooksFactory : WebhooksFactory
{
    protected override double RetryWindowHours => 2.0 / 3600;
}
