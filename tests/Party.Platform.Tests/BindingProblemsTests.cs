using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Party.ServiceDefaults.Problems;

namespace Party.Platform.Tests;

/// <summary>
/// The framework's binding failures told in Chinese (<see cref="BindingProblems"/>). The JSON cases deserialize real bodies
/// with the services' own options, so a change in System.Text.Json's wording fails here rather than at a bureau.
/// </summary>
public class BindingProblemsTests
{
    public enum Decision { Approved, ReturnedToBranch }

    public sealed record Body(Guid MemberId, DateOnly Day, int Count, decimal Amount, bool Confirmed, DateTimeOffset At,
        Decision Decision, IReadOnlyList<Guid> MemberIds, IReadOnlyList<Line> Lines);

    public sealed record Line(int? Points);

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    private static BindingProblem Read(string json)
    {
        var e = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Body>(json, Options));
        return BindingProblems.From(e, typeof(Body));
    }

    [Theory]
    [InlineData("""{"memberId":"abc"}""", "memberId", "编号（GUID）")]
    [InlineData("""{"memberId":null}""", "memberId", "编号（GUID）")]
    [InlineData("""{"day":"2026-02-30"}""", "day", "日期，格式 yyyy-MM-dd")]
    [InlineData("""{"day":"15/03/2026"}""", "day", "日期，格式 yyyy-MM-dd")]
    [InlineData("""{"count":"abc"}""", "count", "整数")]
    [InlineData("""{"count":1.5}""", "count", "整数")]
    [InlineData("""{"count":99999999999}""", "count", "整数")]
    [InlineData("""{"amount":"十元"}""", "amount", "数字")]
    [InlineData("""{"confirmed":"yes"}""", "confirmed", "true 或 false")]
    [InlineData("""{"at":"yesterday"}""", "at", "时间，ISO 8601 格式")]
    [InlineData("""{"decision":"maybe"}""", "decision", "以下之一：approved、returnedToBranch")]
    [InlineData("""{"decision":1}""", "decision", "以下之一：approved、returnedToBranch")]
    [InlineData("""{"memberIds":["abc"]}""", "memberIds[0]", "编号（GUID）")]
    [InlineData("""{"lines":[{"points":3},{"points":"x"}]}""", "lines[1].points", "整数")]
    public void A_value_of_the_wrong_kind_names_its_field_and_the_kind_it_takes(string json, string field, string kind)
    {
        var p = Read(json);
        Assert.Equal((400, "request.malformed_json"), (p.Status, p.Code));
        var reason = Assert.Single(Assert.Single(p.Errors!, e => e.Key == field).Value);
        Assert.Contains($"应为{kind}", reason);
        Assert.Contains($"字段“{field}”", p.Detail);
        AssertNoEnglish(p.Detail);
    }

    [Theory]
    [InlineData("""{"count":""", "第 1 行")]
    [InlineData("""{"count": 1,}""", "第 1 行")]
    [InlineData("{\n  \"count\": 1\n  \"day\": \"2026-03-15\"\n}", "第 3 行")]
    [InlineData("""{"memberId": 'abc'}""", "字段“memberId”")]
    public void A_syntax_error_says_where_and_names_no_field(string json, string where)
    {
        var p = Read(json);
        Assert.Equal((400, "request.malformed_json"), (p.Status, p.Code));
        Assert.Null(p.Errors);
        Assert.Contains(where, p.Detail);
        Assert.Contains("不是有效的 JSON", p.Detail);
        AssertNoEnglish(p.Detail);
    }

    // The framework's templates (Microsoft.AspNetCore.Http.Extensions resources), with values as they arrive.
    [Theory]
    [InlineData("Failed to bind parameter \"Nullable<int> year\" from \"abc\".", "year", "取值“abc”无效，应为整数。")]
    [InlineData("Failed to bind parameter \"int month\" from \"三月\".", "month", "取值“三月”无效，应为整数。")]
    [InlineData("Failed to bind parameter \"Guid id\" from \"x\".", "id", "取值“x”无效，应为编号（GUID）。")]
    [InlineData("Failed to bind parameter \"Nullable<DateOnly> from\" from \"2026-3-1x\".", "from",
        "取值“2026-3-1x”无效，应为日期，格式 yyyy-MM-dd（如 2026-03-15）。")]
    [InlineData("Failed to bind parameter \"Nullable<bool> includeRetired\" from \"是\".", "includeRetired", "取值“是”无效，应为true 或 false。")]
    [InlineData("Failed to bind parameter \"Guid[] memberIds\" from \"a\".", "memberIds", "取值“a”无效，应为由编号（GUID）组成的列表。")]
    [InlineData("Failed to bind parameter \"Nullable<Decision> decision\" from \"maybe\".", "decision",
        "取值“maybe”无效，应为以下之一：approved、returnedToBranch。")]
    [InlineData("Required parameter \"int year\" was not provided from query string.", "year", "必填，应为整数。")]
    public void A_parameter_that_cannot_be_bound_is_named_with_the_kind_it_takes(string message, string name, string reason)
    {
        var p = BindingProblems.From(new BadHttpRequestException(message));
        Assert.Equal((400, "request.invalid"), (p.Status, p.Code));
        Assert.Equal(reason, Assert.Single(Assert.Single(p.Errors!, e => e.Key == name).Value));
        Assert.Contains($"“{name}”", p.Detail);
        AssertNoEnglish(p.Detail);
    }

    [Fact]
    public void A_long_value_is_echoed_shortened()
    {
        var message = $"Failed to bind parameter \"int year\" from \"{new string('9', 500)}\".";
        var p = BindingProblems.From(new BadHttpRequestException(message));
        Assert.Contains(new string('9', 40) + "…", p.Detail);
        Assert.DoesNotContain(new string('9', 41), p.Detail);
    }

    [Theory]
    // A missing body keeps the code it always had: a code is part of the contract (docs/bureaus/versioning.md).
    [InlineData("Required parameter \"CreateMember request\" was not provided from body.", 400, "request.invalid")]
    [InlineData("Implicit body inferred for parameter \"request\" but no body was provided. Did you mean to use a Service instead?", 400,
        "request.invalid")]
    [InlineData("Something the framework says in a later version.", 400, "request.invalid")]
    public void Other_refusals_keep_their_status_and_say_it_in_Chinese(string message, int status, string code)
    {
        var p = BindingProblems.From(new BadHttpRequestException(message, status));
        Assert.Equal((status, code), (p.Status, p.Code));
        Assert.Null(p.Errors);
        AssertNoEnglish(p.Detail);
    }

    [Fact]
    public void A_body_read_failure_is_told_by_its_json_error()
    {
        var json = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Body>("""{"count":"abc"}""", Options));
        var p = BindingProblems.From(
            new BadHttpRequestException("Failed to read parameter \"Body request\" from the request body as JSON.", 400, json),
            typeof(Body));
        Assert.Equal("request.malformed_json", p.Code);
        Assert.Equal("取值无效，应为整数。", Assert.Single(p.Errors!["count"]));
    }

    /// <summary>
    /// Without the body's type (a JSON error outside an endpoint), the type the message names is used: a class's property
    /// type, where a record's constructor parameter would give the record.
    /// </summary>
    [Fact]
    public void Without_the_body_type_the_message_names_the_kind()
    {
        var e = new JsonException("The JSON value could not be converted to System.Nullable`1[System.DateOnly]. Path: $.day | "
            + "LineNumber: 0 | BytePositionInLine: 19.", "$.day", 0, 19);
        Assert.Equal("取值无效，应为日期，格式 yyyy-MM-dd（如 2026-03-15）。", Assert.Single(BindingProblems.From(e).Errors!["day"]));
    }

    [Theory]
    [InlineData(typeof(int?), "整数")]
    [InlineData(typeof(Guid[]), "由编号（GUID）组成的列表")]
    [InlineData(typeof(IReadOnlyList<Decision>), "列表，每项为以下之一：approved、returnedToBranch")]
    [InlineData(typeof(List<Line>), "列表，格式见接口文档")]
    [InlineData(typeof(string), "文本")]
    [InlineData(typeof(Line), "接口文档所列的格式")]
    public void The_kind_of_a_type(Type type, string kind) => Assert.Equal(kind, BindingProblems.KindOf(type));

    [Fact]
    public void A_body_of_another_media_type_is_told_what_the_endpoint_reads()
    {
        var form = new Endpoint(null, new EndpointMetadataCollection(
            new Accepts(["application/x-www-form-urlencoded", "multipart/form-data"])), "sign-in");
        Assert.EndsWith("应为 application/x-www-form-urlencoded 或 multipart/form-data。", BindingProblems.Unexplained(415, form)!.Detail);
        Assert.EndsWith("应为 application/json。", BindingProblems.Unexplained(415, null)!.Detail);
        Assert.Equal("request.method_not_allowed", BindingProblems.Unexplained(405, null)!.Code);
        Assert.Equal("resource.not_found", BindingProblems.Unexplained(404, null)!.Code);
        // A 404 an endpoint answers is its own: it says what was not found.
        Assert.Null(BindingProblems.Unexplained(404, form));
        Assert.Null(BindingProblems.Unexplained(409, null));
    }

    private sealed record Accepts(IReadOnlyList<string> ContentTypes) : IAcceptsMetadata
    {
        public Type? RequestType => null;
        public bool IsOptional => false;
    }

    private static void AssertNoEnglish(string detail) => Assert.True(Party.Testing.InputClasses.TellsInChinese(detail), detail);
}
