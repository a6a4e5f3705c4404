using Party.Testing;
using Xunit.Abstractions;

namespace Party.Identity.Tests.Api;

/// <summary>
/// Issue 13's input classes over this service's OpenAPI document. Not the shared <see cref="InputClassTests{TFactory,TProgram}"/>:
/// the identity service takes no bureau report (no natural keys) and hands out no codes to send back.
/// </summary>
public sealed class IdentityInputClassTests(IdentityFactory factory, ITestOutputHelper output) : IClassFixture<IdentityFactory>
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
}
