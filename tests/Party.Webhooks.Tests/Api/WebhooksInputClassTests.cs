using Party.Testing;
using Party.Webhooks.Data;
using Party.Webhooks.Domain.Events;
using Xunit.Abstractions;

namespace Party.Webhooks.Tests.Api;

/// <summary>The input classes over this service's OpenAPI document (it takes no bureau report with a natural key).</summary>
public sealed class WebhooksInputClassTests(WebhooksFactory factory, ITestOutputHelper output) : IClassFixture<WebhooksFactory>
{
    [Fact]
    public async Task Every_text_field_refuses_control_characters_and_names_the_field() =>
        (await InputClasses.ControlCharactersAsync(factory.CreateClient(), output)).AssertNoFailures("control characters");

    [Fact]
    public async Task Every_write_endpoint_refuses_exactly_the_fields_its_document_requires() =>
        (await InputClasses.RequiredFieldsAsync(factory.CreateClient(), output)).AssertNoFailures("required fields");

    [Fact]
    public async Task Every_enum_query_parameter_is_documented_and_refuses_an_unknown_value() =>
        (await InputClasses.EnumQueryParametersAsync(factory.CreateClient(), output)).AssertNoFailures("enum query parameters");

    [Fact]
    public async Task Every_read_endpoint_documents_the_shape_of_its_answer() =>
        (await OpenApiProbe.CreateAsync(factory.CreateClient())).AssertEveryReadDocumentsItsAnswer();

    /// <summary>The deliveries filters' documented values are exactly the statuses and event kinds there are (a new kind must be
    /// listed).</summary>
    [Fact]
    public async Task The_deliveries_filters_document_every_status_and_every_event_kind()
    {
        var document = await (await factory.CreateClient().GetAsync("/openapi/v1.json")).AssertStatusAsync(200);
        var parameters = document["paths"]!["/api/webhooks/deliveries"]!["get"]!["parameters"]!.AsArray();
        List<string> Values(string name) => parameters.Single(p => p!["name"]!.GetValue<string>() == name)!["schema"]!["enum"]!.AsArray()
            .Select(v => v!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(DeliveryStatus.All.Order(StringComparer.Ordinal), Values("status"));
        Assert.Equal(EventKinds.All.Select(k => k.Name).Order(StringComparer.Ordinal), Values("kind"));
    }
}

public class WebhooksMigrationTests(WebhooksFactory factory)
    : MigrationTests<WebhooksFactory, Program, WebhooksDbContext>(factory), IClassFixture<WebhooksFactory>;
