using Party.Testing;
using Party.Webhooks.Data;
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
}

public class WebhooksMigrationTests(WebhooksFactory factory)
    : MigrationTests<WebhooksFactory, Program, WebhooksDbContext>(factory), IClassFixture<WebhooksFactory>;
