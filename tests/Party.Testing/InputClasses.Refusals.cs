using System.Text.Json.Nodes;
using Party.ServiceDefaults.Problems;
using Xunit.Abstractions;

namespace Party.Testing;

/// <summary>
/// The refusals made before a handler runs — a value of the wrong kind, a body that is not JSON or is missing, a method a path
/// does not take — over every operation of a service's OpenAPI document: each names what is wrong, in Chinese.
/// </summary>
public static partial class InputClasses
{
    /// <summary>
    /// Every typed value a request carries — a query or path parameter, a JSON body field at any depth — refuses a value of
    /// another kind (a word where a number, an id, a date or a yes/no belongs; an unknown name in a body's enum) with a 400 whose
    /// <c>errors</c> name it and whose detail says, in Chinese, what the value should be. The framework's own English
    /// ("Failed to bind parameter "Nullable&lt;int&gt; year"…") and C# type names must not reach a caller. A path
    /// parameter may instead miss its route (a 404 saying so in Chinese): its route constraint keeps the word out.
    /// </summary>
    public static async Task<OpenApiProbe> TypedValuesAsync(HttpClient client, ITestOutputHelper output)
    {
        var probe = await OpenApiProbe.CreateAsync(client);
        var checkedValues = 0;
        async Task ExpectAsync(ApiOperation op, string path, JsonNode? body, string field, string sent)
        {
            checkedValues++;
            var (status, problem, text) = await probe.SendAsync(op, path, body);
            var detail = problem?["detail"]?.GetValue<string>() ?? "";
            var reason = (problem?["errors"] as JsonObject)?.FirstOrDefault(e => string.Equals(e.Key, field,
                StringComparison.OrdinalIgnoreCase)).Value?[0]?.GetValue<string>() ?? "";
            if (!OpenApiProbe.Names(status, problem, field))
                probe.Failures.Add($"{op} {field}: “{sent}” got {status}, not a 400 naming it: {OpenApiProbe.Shorten(text)}");
            // Every value checked here has a kind (a number, an id, a date, an enum): "see the document" would be a guess missed.
            else if (!TellsInChinese(detail) || !TellsInChinese(reason) || !reason.Contains("应为") || reason.Contains("接口文档"))
                probe.Failures.Add($"{op} {field}: “{sent}” is refused in words a clerk cannot act on: {OpenApiProbe.Shorten(text)}");
        }
        foreach (var op in probe.Operations())
        {
            foreach (var p in op.Parameters.Where(p => p!["in"]?.GetValue<string>() is "query" or "path"))
            {
                var name = p!["name"]!.GetValue<string>();
                var schema = probe.Concrete(p["schema"]!);
                // An enum filter is read by QueryEnums, which lists the values it takes: EnumQueryParametersAsync checks it.
                if (schema["enum"] is not null || WrongKind(schema) is not { } wrong) continue;
                if (p["in"]!.GetValue<string>() == "query")
                {
                    await ExpectAsync(op, probe.FillPath(op) + "?" + name + "=" + Uri.EscapeDataString(wrong), null, name, wrong);
                    continue;
                }
                var path = probe.FillPath(op, new Dictionary<string, string> { [name] = wrong });
                var body = op.BodySchema is null ? null : probe.Sample(op.BodySchema);
                var (status, problem, text) = await probe.SendAsync(op, path, body);
                checkedValues++;
                var missedRoute = status == 404 && TellsInChinese(problem?["detail"]?.GetValue<string>() ?? "");
                if (!missedRoute && !OpenApiProbe.Names(status, problem, name))
                    probe.Failures.Add($"{op} {name}: “{wrong}” in the path got {status}, neither a 400 naming it nor a 404 in Chinese: " +
                        OpenApiProbe.Shorten(text));
            }
            if (op.Method == "get" || op.BodySchema is null) continue;
            var sample = probe.Sample(op.BodySchema)!;
            foreach (var (field, wrong) in TypedFields(probe, op.BodySchema, sample))
                await ExpectAsync(op, probe.FillPath(op), Replace(sample, field, wrong), field, wrong);
        }
        output.WriteLine($"typed values: {checkedValues} values of the wrong kind, {probe.ServerErrors} answered 5xx");
        return probe;
    }

    /// <summary>
    /// The refusals the framework decides before any handler runs say in Chinese what to change, with a stable code: every
    /// write that takes a JSON body refuses it sent as text/plain (415 <c>request.unsupported_media_type</c>) and, where the
    /// document marks the body required, an empty one (400 <c>request.invalid</c>); every path refuses a method it does
    /// not document (405 <c>request.method_not_allowed</c>); a path under the service's prefix that no endpoint has is a 404.
    /// </summary>
    public static async Task<OpenApiProbe> FrameworkRefusalsAsync(HttpClient client, ITestOutputHelper output)
    {
        var probe = await OpenApiProbe.CreateAsync(client);
        async Task ExpectAsync(ApiOperation op, HttpContent? content, int expectedStatus, string expectedCode, string what)
        {
            var (status, problem, text) = await probe.SendContentAsync(op, probe.FillPath(op), content);
            if (status != expectedStatus || problem?["code"]?.GetValue<string>() != expectedCode
                || !TellsInChinese(problem["detail"]?.GetValue<string>() ?? ""))
                probe.Failures.Add($"{op}: {what} got {status}, not {expectedStatus} {expectedCode} in Chinese: " +
                    OpenApiProbe.Shorten(text));
        }
        foreach (var op in probe.WriteOperations().Where(o => o.BodySchema is not null))
        {
            var json = probe.Sample(op.BodySchema!)!.ToJsonString();
            await ExpectAsync(op, new StringContent(json, System.Text.Encoding.UTF8, "text/plain"), 415, "request.unsupported_media_type",
                "its body as text/plain");
            if (op.Node["requestBody"]?["required"]?.GetValue<bool>() == true)
                await ExpectAsync(op, new StringContent("", System.Text.Encoding.UTF8, "application/json"), 400, "request.invalid",
                    "an empty body");
        }
        foreach (var path in probe.Operations().GroupBy(o => o.Path))
        {
            if (new[] { "delete", "put", "post", "get" }.FirstOrDefault(m => path.All(o => o.Method != m)) is not { } method) continue;
            var template = path.First();
            var documents405 = new JsonObject { ["responses"] = new JsonObject { ["405"] = new JsonObject() } };
            var other = template with { Method = method, Node = documents405 };
            await ExpectAsync(other, null, 405, "request.method_not_allowed", $"{method.ToUpperInvariant()}, which it does not document,");
        }
        var prefix = string.Join('/', probe.Operations().First().Path.Split('/').Take(3));
        var nowhere = probe.Operations().First() with
        {
            Method = "get", Path = prefix + "/no-such-endpoint",
            Node = new JsonObject { ["responses"] = new JsonObject { ["404"] = new JsonObject() } },
        };
        await ExpectAsync(nowhere, null, 404, "resource.not_found", "a path no endpoint has");
        output.WriteLine($"framework refusals: {probe.Requests} requests, {probe.ServerErrors} answered 5xx");
        return probe;
    }

    /// <summary>
    /// Every integer query or path parameter the document bounds (<c>minimum</c>/<c>maximum</c>; every year, by
    /// <see cref="YearParameters"/>) refuses a value one past either bound with a 400 naming it in Chinese, and a read does not
    /// refuse the bounds themselves for it. A parameter named as a year without bounds in the document fails: a caller could not
    /// know its range.
    /// </summary>
    public static async Task<OpenApiProbe> BoundedParametersAsync(HttpClient client, ITestOutputHelper output)
    {
        var probe = await OpenApiProbe.CreateAsync(client);
        var bounded = 0;
        foreach (var op in probe.Operations())
        {
            foreach (var p in op.Parameters.Where(p => p!["in"]?.GetValue<string>() is "query" or "path"))
            {
                var name = p!["name"]!.GetValue<string>();
                var schema = probe.Concrete(p["schema"]!);
                if (OpenApiProbe.TypeOf(schema) != "integer") continue;
                if (schema["minimum"]?.GetValue<decimal>() is not { } min || schema["maximum"]?.GetValue<decimal>() is not { } max)
                {
                    if (YearParameters.IsYear(name, typeof(int)))
                        probe.Failures.Add($"{op} {name}: a year whose document gives no minimum and maximum");
                    continue;
                }
                bounded++;
                var body = op.BodySchema is null ? null : probe.Sample(op.BodySchema);
                foreach (var (value, refused) in new[] { (min - 1, true), (max + 1, true), (min, false), (max, false) })
                {
                    if (!refused && op.Method != "get") continue;
                    var text = value.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    var path = p["in"]!.GetValue<string>() == "query"
                        ? probe.FillPath(op) + "?" + name + "=" + text
                        : probe.FillPath(op, new Dictionary<string, string> { [name] = text });
                    var (status, problem, answer) = await probe.SendAsync(op, path, body);
                    var reason = (problem?["errors"] as JsonObject)?.FirstOrDefault(e => string.Equals(e.Key, name,
                        StringComparison.OrdinalIgnoreCase)).Value?[0]?.GetValue<string>() ?? "";
                    if (refused && (!OpenApiProbe.Names(status, problem, name) || !TellsInChinese(reason)))
                        probe.Failures.Add($"{op} {name}: {text}, outside {min}–{max}, got {status}, not a 400 naming it in Chinese: " +
                            OpenApiProbe.Shorten(answer));
                    if (!refused && OpenApiProbe.Names(status, problem, name))
                        probe.Failures.Add($"{op} {name}: {text}, within {min}–{max}, was refused: {OpenApiProbe.Shorten(answer)}");
                }
            }
        }
        output.WriteLine($"bounded parameters: {bounded} parameters, {probe.Requests} requests, {probe.ServerErrors} answered 5xx");
        return probe;
    }

    /// <summary>A value the schema's type cannot take, or null for free text.</summary>
    private static string? WrongKind(JsonObject schema) =>
        schema["enum"] is not null ? "noSuchValue"
        : OpenApiProbe.TypeOf(schema) is "integer" or "number" or "boolean" ? "abc"
        : schema["format"]?.GetValue<string>() is "uuid" or "date" or "date-time" ? "abc"
        : null;

    /// <summary>Chinese a clerk can read: Chinese characters, and none of the framework's English or a C# type name.</summary>
    public static bool TellsInChinese(string text) =>
        text.Any(c => c is >= '\u4e00' and <= '\u9fff')
        && !EnglishMarks.Any(text.Contains);

    private static readonly string[] EnglishMarks =
        ["Failed", "bind", "parameter", "could not", "Nullable", "System.", "Path:", "LineNumber", "Expected"];

    /// <summary>The JSON path of every typed value in the sample, with a value of another kind for it.</summary>
    private static IEnumerable<(string Path, string Wrong)> TypedFields(OpenApiProbe probe, JsonNode schemaNode, JsonNode value) =>
        Leaves(probe, schemaNode, value, "").Where(l => l.Path.Length > 0 && WrongKind(l.Schema) is not null)
            .Select(l => (l.Path, WrongKind(l.Schema)!));
}
