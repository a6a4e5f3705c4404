using Party.Testing;
using Party.Webhooks.Data;
using Party.Webhooks.Domain.Events;
using Xunit.Abstractions;

namespace Party.Webhooks.Tests.Api;

/// <summary>
/// The input classes over this service's OpenAPI document: the document-wide ones, as it takes no bureau report with a natural
/// key; and its deliveries filters.
/// </summary>
public sealed class WebhooksInputClassTests(WebhooksFactory factory, ITestOutputHelper output)
    : DocumentInputClassTests<WebhooksFactory, Program>(factory, output), IClassFixture<WebhooksFactory>
{
    /// <summary>The deliveries filters' documented values are exactly the statuses and event kinds there are (a new kind must be
    /// listed).</summary>
    [Fact]
    public async Task The_deliveries_filters_document_every_status_and_every_event_kind()
    {
        var document = await (await Factory.CreateClient().GetAsync("/openapi/v1.json")).AssertStatusAsync(200);
        var parameters = document["paths"]!["/api/webhooks/deliveries"]!["get"]!["parameters"]!.AsArray();
        List<string> Values(string name) => parameters.Single(p => p!["name"]!.GetValue<string>() == name)!["schema"]!["enum"]!.AsArray()
            .Select(v => v!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(DeliveryStatus.All.Order(StringComparer.Ordinal), Values("status"));
        Assert.Equal(EventKinds.All.Select(k => k.Name).Order(StringComparer.Ordinal), Values("kind"));
    }
}

public class WebhooksMigrationTests(WebhooksFactory factory)
    : MigrationTests<WebhooksFactory, Program, WebhooksDbContext>(factory), IClassFixture<WebhooksFactory>;
