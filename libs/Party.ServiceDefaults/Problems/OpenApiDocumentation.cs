using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Party.ServiceDefaults.Problems;

/// <summary>
/// A query filter read by <see cref="QueryEnums.Parse{T}"/>: the parameter is a string (so any case is taken), and this
/// attribute tells the OpenAPI document the values it allows, as an <c>enum</c>: all of the enum's members, or only those
/// named in <paramref name="only"/> (camelCase) when the endpoint refuses the others.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property)]
public sealed class QueryEnumAttribute : Attribute
{
    public QueryEnumAttribute(Type enumType, params string[] only) =>
        Values = only.Length > 0 ? only : Enum.GetNames(enumType).Select(JsonNamingPolicy.CamelCase.ConvertName).ToList();

    /// <summary>A text option with a fixed set of values that is no enum of the code (e.g. <c>errorReport=xlsx</c>).</summary>
    public QueryEnumAttribute(string value, params string[] more) => Values = [value, .. more];

    public IReadOnlyList<string> Values { get; }
}

/// <summary>An operation's example request and answer, in the domain's own terms, for the reference page.</summary>
public sealed record OpenApiExamples(object? Request, object? Response);

public static class OpenApiDocumentation
{
    /// <summary>Example request body and answer of a bureau-facing operation (serialized as the API writes JSON).</summary>
    public static TBuilder WithExamples<TBuilder>(this TBuilder builder, object? request = null, object? response = null)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new OpenApiExamples(request, response));

    private static readonly JsonSerializerOptions Json = CreateJson();

    private static JsonSerializerOptions CreateJson()
    {
        var o = new JsonSerializerOptions();
        Extensions.ConfigureJson(o);
        return o;
    }

    /// <summary>
    /// What every operation's document says beyond its own success answer, from the one pipeline every service shares:
    /// the problem answers (RFC 9457) that pipeline can give, the allowed values of enum query filters, and examples.
    /// </summary>
    public static OpenApiOptions DocumentProblems(this OpenApiOptions options) => options.AddOperationTransformer((operation, context, _) =>
    {
        var description = context.Description;
        var write = description.HttpMethod is "POST" or "PUT" or "PATCH" or "DELETE";
        operation.Responses ??= new OpenApiResponses();
        foreach (var (status, text) in CommonProblems.Concat(write ? WriteProblems : []))
            if (!operation.Responses.ContainsKey(status)) operation.Responses[status] = Problem(text);
        if (operation.RequestBody?.Content?.ContainsKey("application/json") == true && !operation.Responses.ContainsKey("415"))
            operation.Responses["415"] = Problem("请求内容须为 JSON（Content-Type: application/json）。");

        foreach (var parameter in description.ParameterDescriptions)
        {
            if (parameter.Type is { } type && YearParameters.IsYear(parameter.Name, type)
                && (parameter.Source == BindingSource.Query || parameter.Source == BindingSource.Path)
                && operation.Parameters?.OfType<OpenApiParameter>().FirstOrDefault(p => p.Name == parameter.Name) is { } year)
            {
                year.Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Integer, Format = "int32",
                    Minimum = YearParameters.MinimumOf((parameter.ParameterDescriptor as IParameterInfoParameterDescriptor)?.ParameterInfo)
                        .ToString(CultureInfo.InvariantCulture),
                    Maximum = YearParameters.Max.ToString(CultureInfo.InvariantCulture),
                };
                continue;
            }
            if ((parameter.ParameterDescriptor as IParameterInfoParameterDescriptor)?.ParameterInfo
                .GetCustomAttributes(typeof(QueryEnumAttribute), false)
                .OfType<QueryEnumAttribute>().FirstOrDefault() is not { } enumAttribute) continue;
            if (operation.Parameters?.OfType<OpenApiParameter>().FirstOrDefault(p => p.Name == parameter.Name) is not { } documented)
                continue;
            var names = enumAttribute.Values;
            documented.Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Enum = names.Select(n => (JsonNode)JsonValue.Create(n)).ToList(),
            };
            documented.Description = (documented.Description is { Length: > 0 } d ? d + " " : "")
                + $"可选：{string.Join("、", names)}（不区分大小写）。";
        }

        if (description.ActionDescriptor.EndpointMetadata.OfType<OpenApiExamples>().LastOrDefault() is { } examples)
        {
            if (examples.Request is not null && operation.RequestBody?.Content?.TryGetValue("application/json", out var body) == true)
                body.Example = JsonSerializer.SerializeToNode(examples.Request, Json);
            if (examples.Response is not null && operation.Responses.Where(r => r.Key.StartsWith('2')).Select(r => r.Value.Content)
                    .FirstOrDefault(c => c?.ContainsKey("application/json") == true) is { } content)
                content["application/json"].Example = JsonSerializer.SerializeToNode(examples.Response, Json);
        }
        return Task.CompletedTask;
    });

    private static readonly (string Status, string Text)[] CommonProblems =
    [
        ("400", "请求有误：validation.failed 的 errors 列出每个有误的字段；request.invalid、request.malformed_json 为参数或字段的取值"
            + "类型不符或 JSON 有语法错误（类型不符时 errors 同样列出）；request.invalid 也用于缺少请求内容；text.control_characters 为含控制字符。"),
        ("401", "未带令牌，或令牌无效、已过期。"),
        ("403", "无权办理：缺少所需角色或 scope。"),
        ("404", "未找到该记录，或不在您的管辖范围内。"),
    ];

    private static readonly (string Status, string Text)[] WriteProblems =
    [
        ("409", "与已有记录冲突：同一自然键内容不同，或状态已变。"),
        ("412", "If-Match 与当前版本不符：记录已被他人修改，请重新读取。"),
        ("413", "请求体过大。"),
        ("422", "当前状态不允许此操作。"),
    ];

    private static OpenApiResponse Problem(string text) => new()
    {
        Description = text,
        Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = ProblemSchema } },
    };

    private static readonly OpenApiSchema ProblemSchema = new()
    {
        Type = JsonSchemaType.Object,
        Description = "RFC 9457 problem details；code 稳定不变（见错误代码一览），detail 为中文说明。",
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["code"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                AdditionalProperties = new OpenApiSchema
                {
                    Type = JsonSchemaType.Array,
                    Items = new OpenApiSchema { Type = JsonSchemaType.String },
                },
            },
        },
    };
}
