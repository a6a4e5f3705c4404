using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;

namespace Party.ServiceDefaults.Problems;

/// <summary>A request the framework could not bind, told in Chinese: status, problem code, detail and the fields at fault.</summary>
public sealed record BindingProblem(int Status, string Code, string Detail, IReadOnlyDictionary<string, string[]>? Errors = null)
{
    public BindingProblem(string code, string detail, IReadOnlyDictionary<string, string[]>? errors = null)
        : this(StatusCodes.Status400BadRequest, code, detail, errors)
    {
    }
}

/// <summary>
/// ASP.NET Core and System.Text.Json refuse a value they cannot bind with an English message that names C# types
/// (<c>Failed to bind parameter "Nullable&lt;int&gt; year" from "abc".</c>), which neither a township clerk nor a bureau's
/// developer should have to decode. Their message templates are fixed by the framework, so they are read here and said again
/// in Chinese: which parameter or field, what was sent, and what kind of value it takes, with the field in <c>errors</c> the
/// way a validation failure names it. A message no template matches still gets a Chinese detail and never the English one.
/// </summary>
public static partial class BindingProblems
{
    private const int MaxEcho = 40;

    [GeneratedRegex("""^Failed to bind parameter "(?<type>.+) (?<name>[^ "]+)" from "(?<value>.*)"\.$""", RegexOptions.Singleline)]
    private static partial Regex BindFailed();

    [GeneratedRegex("""^Required parameter "(?<type>.+) (?<name>[^ "]+)" was not provided from (?<source>.+)\.$""")]
    private static partial Regex RequiredMissing();

    [GeneratedRegex("""^Implicit body inferred for parameter "[^"]+" but no body was provided""")]
    private static partial Regex ImplicitBodyMissing();

    [GeneratedRegex("""^The JSON value could not be converted to (?<type>.+?)\. Path:""")]
    private static partial Regex JsonNotConvertible();

    [GeneratedRegex("""[A-Za-z_]\w*""")]
    private static partial Regex Identifier();

    /// <param name="bodyType">The endpoint's JSON body type, which says what a field takes: for a record's constructor
    /// parameter System.Text.Json names the record, not the field's type, in its message.</param>
    public static BindingProblem From(BadHttpRequestException e, Type? bodyType = null)
    {
        if (e.InnerException is JsonException json) return From(json, bodyType);
        var message = e.Message;
        if (ImplicitBodyMissing().IsMatch(message) || RequiredMissing().Match(message) is { Success: true } noBody
            && noBody.Groups["source"].Value == "body")
            return new("request.invalid", "缺少请求内容：请以 JSON 提交（Content-Type: application/json）。");
        if (BindFailed().Match(message) is { Success: true } bind)
        {
            var (name, value, kind) = (bind.Groups["name"].Value, Echo(bind.Groups["value"].Value), KindOf(bind.Groups["type"].Value));
            return new("request.invalid", $"参数“{name}”的取值“{value}”无效，应为{kind}。", Field(name, $"取值“{value}”无效，应为{kind}。"));
        }
        if (RequiredMissing().Match(message) is { Success: true } missing)
        {
            var (name, source, kind) =
                (missing.Groups["name"].Value, SourceName(missing.Groups["source"].Value), KindOf(missing.Groups["type"].Value));
            return new("request.invalid", $"缺少{source}“{name}”，应为{kind}。", Field(name, $"必填，应为{kind}。"));
        }
        return new(e.StatusCode, ProblemHandling.CodeForStatus(e.StatusCode),
            "请求无法解析，请对照接口文档检查路径参数、查询参数和请求内容。");
    }

    public static BindingProblem From(JsonException e, Type? bodyType = null)
    {
        var field = e.Path is { Length: > 1 } path ? path.TrimStart('$').TrimStart('.') : null;
        if (field is not null && JsonNotConvertible().Match(e.Message) is { Success: true } m)
        {
            var kind = TypeAt(bodyType, field) is { } type ? KindOf(type) : KindOf(m.Groups["type"].Value);
            return new("request.malformed_json", $"请求内容中字段“{field}”的取值无效，应为{kind}。", Field(field, $"取值无效，应为{kind}。"));
        }
        var where = e.LineNumber is { } line && e.BytePositionInLine is { } column
            ? $"第 {line + 1} 行第 {column + 1} 个字节附近" + (field is null ? "" : $"（字段“{field}”处）")
            : field is null ? "" : $"字段“{field}”处";
        return new("request.malformed_json", $"请求内容不是有效的 JSON：{where}有语法错误，请检查引号、逗号和括号是否成对。");
    }

    /// <summary>The CLR type at a JSON path (<c>lines[1].points</c>) below <paramref name="root"/>, if it can be followed.</summary>
    private static Type? TypeAt(Type? root, string path)
    {
        var type = root;
        foreach (Match step in PathStep().Matches(path))
        {
            if (type is null) return null;
            type = step.Value.StartsWith('[')
                ? ElementOf(type)
                : type.GetProperty(step.Value, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)?.PropertyType;
        }
        return type;
    }

    [GeneratedRegex("""[^.\[\]]+|\[\d+\]""")]
    private static partial Regex PathStep();

    private static Type? ElementOf(Type type) =>
        type.IsArray ? type.GetElementType()
        : type == typeof(string) ? null
        : type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    /// <summary>The kind of value a type takes, in words a caller can act on.</summary>
    public static string KindOf(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (ElementOf(type) is { } element) return ListOf(KindOf(element));
        return type.IsEnum ? EnumValues(type) : KindNamed(type.Name);
    }

    /// <summary>
    /// Answers the framework writes without an exception and without a detail: a path no endpoint has, or whose id is not
    /// one (404, where routing found no endpoint), a method the path does not take (405) and a body that is not JSON (415).
    /// They get a Chinese detail like every other refusal.
    /// </summary>
    public static BindingProblem? Unexplained(int status, Endpoint? endpoint) => status switch
    {
        404 when endpoint is null => new(404, "resource.not_found", "此地址没有对应的接口：请对照接口文档检查路径，以及路径中编号（GUID）等的格式。"),
        405 => new(405, "request.method_not_allowed", "此地址不支持该请求方法（GET、POST 等），请对照接口文档。"),
        415 => new(415, "request.unsupported_media_type", $"请求内容的类型（Content-Type）不被此接口接受，应为 {Accepted(endpoint)}。"),
        _ => null,
    };

    /// <summary>What the endpoint reads: JSON for the API, a form for the sign-in pages.</summary>
    private static string Accepted(Endpoint? endpoint) =>
        endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes is { Count: > 0 } types
            ? string.Join(" 或 ", types)
            : "application/json";

    /// <summary>
    /// The kind of value a type takes, from the type as the framework prints it: C# style
    /// (<c>Nullable&lt;int&gt;</c>, <c>Guid[]</c>) or reflection style (<c>System.Nullable`1[System.DateOnly]</c>).
    /// </summary>
    public static string KindOf(string type)
    {
        var names = Identifier().Matches(type).Select(m => m.Value).ToList();
        var list = type.EndsWith("[]", StringComparison.Ordinal) || names.Any(n => Collections.Contains(n));
        var element = names.LastOrDefault(n => !Wrappers.Contains(n) && !Collections.Contains(n)) ?? type;
        var named = KindNamed(element);
        var kind = named == Documented && EnumNamed(element) is { } e ? EnumValues(e) : named;
        return list ? ListOf(kind) : kind;
    }

    private static string ListOf(string kind) =>
        kind == Documented ? "列表，格式见接口文档" : kind.StartsWith("以下之一", StringComparison.Ordinal) ? $"列表，每项为{kind}" : $"由{kind}组成的列表";

    private const string Documented = "接口文档所列的格式";

    private static string KindNamed(string name) => name switch
    {
        "int" or "long" or "short" or "Int16" or "Int32" or "Int64" or "UInt16" or "UInt32" or "UInt64" => "整数",
        "decimal" or "double" or "float" or "Decimal" or "Double" or "Single" => "数字",
        "Guid" => "编号（GUID）",
        "DateOnly" => "日期，格式 yyyy-MM-dd（如 2026-03-15）",
        "DateTime" or "DateTimeOffset" => "时间，ISO 8601 格式（如 2026-03-15T08:30:00+08:00）",
        "TimeOnly" => "时刻，格式 HH:mm（如 08:30）",
        "bool" or "Boolean" => "true 或 false",
        "string" or "String" => "文本",
        _ => Documented,
    };

    private static string EnumValues(Type type) =>
        "以下之一：" + string.Join("、", Enum.GetNames(type).Select(JsonNamingPolicy.CamelCase.ConvertName));

    private static readonly HashSet<string> Wrappers = ["System", "Collections", "Generic", "Nullable"];

    private static readonly HashSet<string> Collections =
        ["List", "IList", "IReadOnlyList", "IEnumerable", "ICollection", "IReadOnlyCollection", "HashSet", "ISet", "IReadOnlySet"];

    /// <summary>
    /// An enum of ours by its simple name; the framework's message does not say which assembly it is in. The assemblies are read
    /// once, when the first such message comes, so a client repeating a bad request does not make each one scan every type.
    /// </summary>
    private static Type? EnumNamed(string name) => OurEnums.Value.GetValueOrDefault(name);

    private static readonly Lazy<Dictionary<string, Type>> OurEnums = new(() => AppDomain.CurrentDomain.GetAssemblies()
        .Where(a => a.GetName().Name?.StartsWith("Party.", StringComparison.Ordinal) == true)
        .SelectMany(TypesOf)
        .Where(t => t.IsEnum)
        .GroupBy(t => t.Name)
        .ToDictionary(g => g.Key, g => g.First()));

    private static IEnumerable<Type> TypesOf(Assembly assembly)
    {
        try { return assembly.GetTypes(); }
        catch (ReflectionTypeLoadException e) { return e.Types.OfType<Type>(); }
    }

    private static string SourceName(string source) => source switch
    {
        "query string" => "查询参数",
        "route" => "路径参数",
        "header" => "请求头",
        _ => "参数",
    };

    private static string Echo(string value) => value.Length <= MaxEcho ? value : value[..MaxEcho] + "…";

    private static Dictionary<string, string[]> Field(string name, string reason) => new() { [name] = [reason] };
}
