using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;

namespace Party.ServiceDefaults.Problems;

/// <summary>
/// Marks a request field as long free text (remarks, deeds, minutes…): the only kind of text that
/// may contain line breaks. Put it on the record's constructor parameter or on the property.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class FreeTextAttribute : Attribute;

/// <summary>
/// Says that a request field takes the values a list endpoint hands out: <paramref name="operationId"/>
/// names that endpoint (its OpenAPI operationId) and <paramref name="property"/> the property of its
/// items holding the value (e.g. <c>[ValuesFrom("ListPledgeAreas", "code")]</c>). Published as
/// <c>x-values-from</c>, so clients know where to look and the class tests can send every value back.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class ValuesFromAttribute(string operationId, string property) : Attribute
{
    public string OperationId { get; } = operationId;
    public string Property { get; } = property;
}

/// <summary>
/// Says that an optional request field becomes required by another field of the same body: when
/// <paramref name="property"/> has one of <paramref name="values"/> (JSON spelling), or, with no values,
/// whenever it is given. <see cref="WhenAbsent"/> says the condition also holds when the other field is
/// left out (its default is one of the values). Published as <c>x-required-when</c>, so the document
/// says what the code refuses and the class test can check both sides of the condition.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class RequiredWhenAttribute(string property, params string[] values) : Attribute
{
    public string Property { get; } = property;
    public string[] Values { get; } = values;
    public bool WhenAbsent { get; init; }
}

/// <summary>
/// Endpoint metadata for a bureau report: the fields (path parameters or body properties, alternatives
/// joined by <c>|</c>) that identify the thing reported, whatever the Idempotency-Key. The same report
/// again answers with the first record; other content for the same key is a 409. Published as
/// <c>x-natural-key</c>.
/// </summary>
public sealed record NaturalKey(IReadOnlyList<string> Fields);

public static class NaturalKeyExtensions
{
    public static TBuilder WithNaturalKey<TBuilder>(this TBuilder builder, params string[] fields)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new NaturalKey(fields));
}

/// <summary>
/// Publishes <see cref="FreeTextAttribute"/>, <see cref="ValuesFromAttribute"/> and <see cref="RequiredWhenAttribute"/> in the OpenAPI
/// documents.
/// </summary>
public static class FieldRulesSchema
{
    public const string Multiline = "x-multiline";
    public const string ValuesFrom = "x-values-from";
    public const string RequiredWhen = "x-required-when";

    public const string RequiredScope = "x-required-scope";
    public const string NaturalKey = "x-natural-key";

    public static OpenApiOptions MarkFieldRules(this OpenApiOptions options) => options.AddOperationTransformer((operation, context, _) =>
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<Auth.RequiredScope>().LastOrDefault() is { } scope)
        {
            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            operation.Extensions[RequiredScope] = new JsonNodeExtension(JsonValue.Create(scope.Scope));
        }
        if (metadata.OfType<Problems.NaturalKey>().LastOrDefault() is { } key)
        {
            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            operation.Extensions[NaturalKey] =
                new JsonNodeExtension(new JsonArray(key.Fields.Select(f => (JsonNode?)JsonValue.Create(f)).ToArray()));
        }
        return Task.CompletedTask;
    }).AddSchemaTransformer((schema, context, _) =>
    {
        var property = context.JsonPropertyInfo;
        if (property is null) return Task.CompletedTask;
        T? Find<T>() where T : Attribute =>
            property.AttributeProvider?.GetCustomAttributes(typeof(T), true).OfType<T>().FirstOrDefault()
            ?? property.AssociatedParameter?.AttributeProvider?.GetCustomAttributes(typeof(T), true).OfType<T>().FirstOrDefault();
        if (Find<FreeTextAttribute>() is not null)
        {
            schema.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            schema.Extensions[Multiline] = new JsonNodeExtension(JsonValue.Create(true));
        }
        if (Find<ValuesFromAttribute>() is { } from)
        {
            schema.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            schema.Extensions[ValuesFrom] =
                new JsonNodeExtension(new JsonObject { ["operationId"] = from.OperationId, ["property"] = from.Property });
        }
        if (Find<RequiredWhenAttribute>() is { } when)
        {
            var condition = new JsonObject { ["property"] = when.Property };
            if (when.Values.Length > 0)
                condition["values"] = new JsonArray(when.Values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
            if (when.WhenAbsent) condition["whenAbsent"] = true;
            schema.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            schema.Extensions[RequiredWhen] = new JsonNodeExtension(condition);
        }
        return Task.CompletedTask;
    });
}

/// <summary>The one rule for text a client sends (form fields, query strings, path segments). Pure.</summary>
public static class TextRules
{
    /// <summary>
    /// True when <paramref name="value"/> holds no control character (C0, DEL, C1). Line breaks
    /// (CR, LF) are allowed only in free text. NUL in particular is refused before it reaches
    /// PostgreSQL, which cannot store it in a text column.
    /// </summary>
    public static bool IsAcceptable(string value, bool freeText)
    {
        foreach (var c in value)
        {
            if (!char.IsControl(c)) continue;
            if (freeText && c is '\n' or '\r') continue;
            return false;
        }
        return true;
    }

    public static string Message(bool freeText) => freeText
        ? "不能包含控制字符（如 NUL、制表符）；只允许普通文字和换行。"
        : "不能包含控制字符（如 NUL、制表符、换行），请只填写一行普通文字。";
}

/// <summary>
/// Applies <see cref="TextRules"/> to every text a request carries — every string in a JSON body
/// (at any depth), every query-string value and every route value — before the endpoint runs, and
/// refuses the request with one 400 that lists every bad field. A middleware rather than a check
/// in each handler or an endpoint filter: it covers every endpoint of every service (including
/// ones mapped by shared libraries) without each of them opting in, and it sees the raw JSON, so
/// a field is named by its JSON path even when the request type does not bind it.
/// </summary>
public sealed class TextInputMiddleware(RequestDelegate next)
{
    public const string Code = "text.control_characters";
    private static readonly ConcurrentDictionary<Type, HashSet<string>> FreeTextFields = new();

    public async Task InvokeAsync(HttpContext http)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var (key, values) in http.Request.Query)
            if (values.Any(v => v is not null && !TextRules.IsAcceptable(v, false))) errors[key] = [TextRules.Message(false)];
        foreach (var (key, value) in http.Request.RouteValues)
            if (value is string s && !TextRules.IsAcceptable(s, false)) errors[key] = [TextRules.Message(false)];

        var requestType = http.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        if (requestType is not null && http.Request.HasJsonContentType())
        {
            http.Request.EnableBuffering();
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
            http.Request.Body.Position = 0;
            ScanJson(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), FreeTextFieldsOf(requestType), errors);
        }

        if (errors.Count > 0)
            throw new DomainException(Code, "以下字段含有控制字符（如 NUL、制表符或不该有的换行），请删除后重试；换行只允许出现在备注、事迹等长文本中。", 400, errors);
        await next(http);
    }

    private sealed class Frame(string path, string? name, bool isArray)
    {
        public string Path { get; } = path;
        /// <summary>The property that holds this container; names the strings inside an array (<c>mediaLinks[0]</c>).</summary>
        public string? Name { get; } = name;
        public bool IsArray { get; } = isArray;
        public int Index { get; set; }
    }

    /// <summary>
    /// Collects the JSON path of every string value that breaks the rule; stops quietly at malformed JSON (the binder reports that).
    /// </summary>
    private static void ScanJson(ReadOnlySpan<byte> json, HashSet<string> freeText, Dictionary<string, string[]> errors)
    {
        var reader = new Utf8JsonReader(json,
            new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var frames = new Stack<Frame>();
        string? property = null;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    property = reader.GetString();
                    // Keys of a map (e.g. scores by dimension) are stored as text too.
                    if (!TextRules.IsAcceptable(property!, false))
                        errors[frames.Peek().Path.Length == 0 ? property! : $"{frames.Peek().Path}.{property}"] =
                            [TextRules.Message(false)];
                    continue;
                }
                if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    frames.Pop();
                    continue;
                }
                // A value: its path and the field name that decides whether it is free text.
                string path, leaf;
                if (frames.Count == 0) (path, leaf) = ("body", "");
                else if (frames.Peek() is { IsArray: true } array) (path, leaf) = ($"{array.Path}[{array.Index++}]", array.Name ?? "");
                else (path, leaf) = (frames.Peek().Path.Length == 0 ? property ?? "" : $"{frames.Peek().Path}.{property}", property ?? "");
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                    frames.Push(new Frame(frames.Count == 0 ? "" : path, leaf, reader.TokenType == JsonTokenType.StartArray));
                else if (reader.TokenType == JsonTokenType.String)
                {
                    var isFree = freeText.Contains(leaf);
                    if (!TextRules.IsAcceptable(reader.GetString()!, isFree)) errors[path] = [TextRules.Message(isFree)];
                }
            }
        }
        catch (JsonException)
        {
        }
        catch (InvalidOperationException)
        {
            // An escaped lone surrogate: the binder refuses the body as malformed.
        }
    }

    /// <summary>The JSON names (camelCase) of every <see cref="FreeTextAttribute"/> field reachable from the request type.</summary>
    internal static HashSet<string> FreeTextFieldsOf(Type type) => FreeTextFields.GetOrAdd(type, t =>
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        Collect(t, names, []);
        return names;
    });

    private static void Collect(Type type, HashSet<string> names, HashSet<Type> seen)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsPrimitive || type.IsEnum || type == typeof(string)
            || type.Namespace?.StartsWith("System") == true && !typeof(IEnumerable).IsAssignableFrom(type)
            || !seen.Add(type)) return;
        if (type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type))
        {
            var element = type.IsArray ? type.GetElementType() : type.GetGenericArguments().LastOrDefault();
            if (element is not null) Collect(element, names, seen);
            return;
        }
        var parameters = type.GetConstructors()
            .SelectMany(c => c.GetParameters())
            .Where(p => p.GetCustomAttribute<FreeTextAttribute>() is not null)
            .Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.GetCustomAttribute<FreeTextAttribute>() is not null || parameters.Contains(p.Name))
                names.Add(p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(p.Name));
            Collect(p.PropertyType, names, seen);
        }
    }
}
