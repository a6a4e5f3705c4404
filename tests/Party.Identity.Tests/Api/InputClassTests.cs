using Party.Testing;
using Xunit.Abstractions;

namespace Party.Identity.Tests.Api;

/// <summary>Issue 13's input classes over every operation of this service's OpenAPI document (see <see cref="InputClasses"/>).</summary>
public sealed class InputClassTests(IdentityFactory factory, ITestOutputHelper output) : IClassFixture<IdentityFactory>
{
    [Fact]
    public async Task Every_text_field_refuses_control_characters_and_names_the_field()
    {
        var probe = await InputClasses.ControlCharactersAsync(factory.CreateClient(), output);
        probe.AssertNoFailures("control characters");
    }

    [Fact]
    public async Task Every_write_endpoint_refuses_exactly_the_fields_its_document_requires()
    {
        var probe = await InputClasses.RequiredFieldsAsync(factory.CreateClient(), output);
        probe.AssertNoFailures("required fields");
    }
}
