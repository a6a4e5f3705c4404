using Xunit;
using Xunit.Abstractions;

namespace Party.Testing;

/// <summary>
/// Issue 13's input classes over every operation of a service's OpenAPI document (see <see cref="InputClasses"/>); every
/// answer they get must have a status the document lists (issue 16: the documents are what bureaus code against).
/// A test project derives one class for its service.
/// </summary>
public abstract class InputClassTests<TFactory, TProgram>(TFactory factory, ITestOutputHelper output)
    where TFactory : ServiceFactory<TProgram>
    where TProgram : class
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

    [Fact]
    public async Task Every_enum_query_parameter_is_documented_and_refuses_an_unknown_value()
    {
        var probe = await InputClasses.EnumQueryParametersAsync(factory.CreateClient(), output);
        probe.AssertNoFailures("enum query parameters");
    }

    [Fact]
    public async Task Every_bureau_report_names_its_natural_key()
    {
        var probe = await InputClasses.NaturalKeysAsync(factory.CreateClient(), output);
        probe.AssertNoFailures("natural keys");
    }

    [Fact]
    public async Task Every_read_endpoint_documents_the_shape_of_its_answer() =>
        (await OpenApiProbe.CreateAsync(factory.CreateClient())).AssertEveryReadDocumentsItsAnswer();

    [Fact]
    public async Task Every_code_a_list_endpoint_hands_out_is_accepted_back()
    {
        var probe = await InputClasses.ValuesHandedOutAsync(factory.CreateClient(), output);
        probe.AssertNoFailures("values handed out");
    }
}
