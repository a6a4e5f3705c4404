using Xunit;
using Xunit.Abstractions;

namespace Party.Testing;

/// <summary>
/// Issue 13's input classes that hold for every service, over every operation of its OpenAPI document (see
/// <see cref="InputClasses"/>); every answer they get must have a status the document lists (issue 16: the documents are what
/// bureaus code against). A service that takes no bureau report and hands out no codes (identity, webhooks) derives this one.
/// </summary>
public abstract class DocumentInputClassTests<TFactory, TProgram>(TFactory factory, ITestOutputHelper output)
    where TFactory : ServiceFactory<TProgram>
    where TProgram : class
{
    protected TFactory Factory => factory;
    protected ITestOutputHelper Output => output;

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
    public async Task Every_typed_value_refuses_another_kind_naming_it_in_Chinese() =>
        (await InputClasses.TypedValuesAsync(factory.CreateClient(), output)).AssertNoFailures("typed values");

    [Fact]
    public async Task Every_bounded_parameter_refuses_a_value_past_its_bounds_naming_it() =>
        (await InputClasses.BoundedParametersAsync(factory.CreateClient(), output)).AssertNoFailures("bounded parameters");

    [Fact]
    public async Task Every_refusal_before_the_handler_says_what_to_change_in_Chinese() =>
        (await InputClasses.FrameworkRefusalsAsync(factory.CreateClient(), output)).AssertNoFailures("framework refusals");

    [Fact]
    public async Task Every_read_endpoint_documents_the_shape_of_its_answer() =>
        (await OpenApiProbe.CreateAsync(factory.CreateClient())).AssertEveryReadDocumentsItsAnswer();
}

/// <summary>
/// The input classes of a service bureaus report to: the document-wide ones, and its bureau reports' natural keys and the
/// codes its lists hand out. A test project derives one class for its service.
/// </summary>
public abstract class InputClassTests<TFactory, TProgram>(TFactory factory, ITestOutputHelper output)
    : DocumentInputClassTests<TFactory, TProgram>(factory, output)
    where TFactory : ServiceFactory<TProgram>
    where TProgram : class
{
    [Fact]
    public async Task Every_bureau_report_names_its_natural_key() =>
        (await InputClasses.NaturalKeysAsync(Factory.CreateClient(), Output)).AssertNoFailures("natural keys");

    [Fact]
    public async Task Every_code_a_list_endpoint_hands_out_is_accepted_back() =>
        (await InputClasses.ValuesHandedOutAsync(Factory.CreateClient(), Output)).AssertNoFailures("values handed out");
}
