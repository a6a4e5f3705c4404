using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Party.Testing;

/// <summary>
/// The input classes of issue 13, run against every operation of a service's OpenAPI document.
/// Each returns the probe, whose counters the tests print (bad-input requests sent, 5xx seen).
/// </summary>
public static partial class InputClasses
{
    private const string Nul = "ab\u0000cd";

    /// <summary>
    /// Every string a request can carry — each string in a JSON body (any depth), each string query
    /// or path parameter — is refused with 400 <c>text.control_characters</c> naming the field when
    /// it holds a NUL; a line break is refused too unless the document marks the field
    /// <c>x-multiline</c>, where it is accepted.
    /// </summary>
    public static async Task<OpenApiProbe> ControlCharactersAsync(HttpClient client, ITestOutputHelper output)
    {
        var probe = await OpenApiProbe.CreateAsync(client);
        foreach (var op in probe.Operations())
        {
            foreach (var p in op.Parameters.Where(p => p!["in"]?.GetValue<string>() is "query" or "path"))
            {
                var schema = probe.Concrete(p!["schema"]!);
                if (OpenApiProbe.TypeOf(schema) != "string" || schema["format"] is not null || schema["enum"] is not null) continue;
                var name = p["name"]!.GetValue<string>();
                var inPath = p["in"]!.GetValue<string>() == "path";
                // A NUL cannot even be sent in a path (the server refuses the request line); BEL stands in for it there.
                var path = probe.FillPath(op, inPath ? new Dictionary<string, string> { [name] = "ab\u0007cd" } : null);
                if (!inPath) path += (path.Contains('?') ? "&" : "?") + name + "=" + Uri.EscapeDataString(Nul);
                await ExpectRefusedAsync(probe, op, path, null, name);
            }
            if (op.Method == "get" || op.BodySchema is null) continue;
            var sample = probe.Sample(op.BodySchema)!;
            foreach (var (field, multiline) in StringFields(probe, op.BodySchema, sample, ""))
            {
                await ExpectRefusedAsync(probe, op, probe.FillPath(op), Replace(sample, field, Nul), field);
                var (status, problem, _) = await probe.SendAsync(op, probe.FillPath(op), Replace(sample, field, "第一行\n第二行"));
                var refused = OpenApiProbe.Names(status, problem, field)
                    && problem?["code"]?.GetValue<string>() == "text.control_characters";
                if (refused == multiline)
                    probe.Failures.Add($"{op} {field}: a line break was " +
                        $"{(refused ? "refused in a field marked x-multiline" : "accepted in a one-line field")} ({status})");
            }
        }
        output.WriteLine($"control characters: {probe.Requests} bad-input requests, {probe.ServerErrors} answered 5xx");
        return probe;
    }

    /// <summary>
    /// Every query parameter the document gives an <c>enum</c> refuses a value outside it with a 400 naming the parameter, and
    /// takes each listed value in capitals (the APIs write camelCase; a filter is read in any case). A string query parameter
    /// without enum or format that refuses an arbitrary word by name has values the document does not tell: a failure.
    /// </summary>
    public static async Task<OpenApiProbe> EnumQueryParametersAsync(HttpClient client, ITestOutputHelper output)
    {
        const string Unknown = "noSuchValue";
        var probe = await OpenApiProbe.CreateAsync(client);
        var enums = 0;
        foreach (var op in probe.Operations())
        {
            foreach (var p in op.Parameters.Where(p => p!["in"]?.GetValue<string>() == "query"))
            {
                var schema = probe.Concrete(p!["schema"]!);
                var name = p["name"]!.GetValue<string>();
                string Query(string value) => probe.FillPath(op) + "?" + name + "=" + Uri.EscapeDataString(value);
                if (schema["enum"] is JsonArray values)
                {
                    enums++;
                    var (status, problem, text) = await probe.SendAsync(op, Query(Unknown), null);
                    // An endpoint may check another filter first (an export needs its year): then with every other filter given.
                    if (!OpenApiProbe.Names(status, problem, name))
                        (status, problem, text) = await probe.SendAsync(op, Query(Unknown) + OtherFilters(probe, op, name), null);
                    if (!OpenApiProbe.Names(status, problem, name))
                        probe.Failures.Add($"{op} {name}: “{Unknown}” is outside its enum, yet got {status}: {OpenApiProbe.Shorten(text)}");
                    foreach (var value in values.Select(v => v?.ToString()).OfType<string>())
                    {
                        (status, problem, text) = await probe.SendAsync(op, Query(value.ToUpperInvariant()), null);
                        if (OpenApiProbe.Names(status, problem, name))
                            probe.Failures.Add($"{op} {name}: “{value.ToUpperInvariant()}”, listed in its enum, was refused: " +
                                $"{OpenApiProbe.Shorten(text)}");
                    }
                }
                else if (OpenApiProbe.TypeOf(schema) == "string" && schema["format"] is null && schema["pattern"] is null)
                {
                    var (status, problem, text) = await probe.SendAsync(op, Query(Unknown), null);
                    if (OpenApiProbe.Names(status, problem, name))
                        probe.Failures.Add($"{op} {name}: refuses “{Unknown}” by name, but its document lists no values " +
                            $"(QueryEnumAttribute?): {OpenApiProbe.Shorten(text)}");
                }
            }
        }
        output.WriteLine($"enum query parameters: {enums} enum parameters, {probe.Requests} requests, {probe.ServerErrors} answered 5xx");
        return probe;
    }

    /// <summary>The query string's other parameters, each with a sample of its type (a year and a month as they would be).</summary>
    private static string OtherFilters(OpenApiProbe probe, ApiOperation op, string except) => string.Concat(op.Parameters
        .Where(p => p!["in"]?.GetValue<string>() == "query" && p["name"]!.GetValue<string>() != except)
        .Select(p => (Name: p!["name"]!.GetValue<string>(), Sample: probe.Sample(p["schema"]!)))
        .Select(p =>
            "&" + p.Name + "="
            + Uri.EscapeDataString(p.Name switch { "year" => "2026", "month" => "3", _ => p.Sample?.ToString() ?? "" })));

    /// <summary>
    /// For every write operation with a JSON body: leaving out a field the document lists as
    /// required gets a 400 naming it; leaving out any other field is not refused for that field,
    /// unless the field's <c>x-required-when</c> condition holds — checked on both sides: with the
    /// condition met it is refused, with it not met it is not.
    /// </summary>
    public static async Task<OpenApiProbe> RequiredFieldsAsync(HttpClient client, ITestOutputHelper output)
    {
        var probe = await OpenApiProbe.CreateAsync(client);
        foreach (var op in probe.WriteOperations())
        {
            if (op.BodySchema is null) continue;
            var schema = probe.Concrete(op.BodySchema);
            if (schema["properties"] is not JsonObject properties) continue;
            var required = (schema["required"] as JsonArray ?? []).Select(r => r!.GetValue<string>()).ToHashSet();
            foreach (var (name, raw) in properties)
            {
                async Task ExpectAsync(bool refused, string why, Action<JsonObject>? arrange = null)
                {
                    var body = probe.Sample(op.BodySchema)!.AsObject();
                    body.Remove(name);
                    arrange?.Invoke(body);
                    var (status, problem, text) = await probe.SendAsync(op, probe.FillPath(op), body);
                    if (OpenApiProbe.Names(status, problem, name) != refused)
                        probe.Failures.Add($"{op} {name}: {why}, but a body without it " +
                            $"{(refused ? $"got {status}" : "is refused for it")}: {OpenApiProbe.Shorten(text)}");
                }
                var when = (probe.Resolve(raw!)["x-required-when"] ?? probe.Concrete(raw!)["x-required-when"]) as JsonObject;
                if (when is null)
                {
                    await ExpectAsync(required.Contains(name),
                        required.Contains(name) ? "documented as required" : "documented as optional");
                    continue;
                }
                if (required.Contains(name)) probe.Failures.Add($"{op} {name}: both required and x-required-when");
                var other = when["property"]!.GetValue<string>();
                var values = (when["values"] as JsonArray ?? []).Select(v => v!.GetValue<string>()).ToList();
                if (properties[other] is not { } otherSchema)
                {
                    probe.Failures.Add($"{op} {name}: x-required-when names {other}, which the body does not have");
                    continue;
                }
                if (values.Count == 0)
                {
                    await ExpectAsync(true, $"documented as required when {other} is given");
                    await ExpectAsync(false, $"documented as optional without {other}", b => b.Remove(other));
                    continue;
                }
                await ExpectAsync(true, $"documented as required when {other} is {values[0]}", b => b[other] = values[0]);
                if (when["whenAbsent"]?.GetValue<bool>() == true)
                    await ExpectAsync(true, $"documented as required when {other} is left out", b => b.Remove(other));
                var otherValue = (probe.Concrete(otherSchema)["enum"] as JsonArray ?? []).Select(v => v?.ToString())
                    .FirstOrDefault(v => v is not null && !values.Contains(v));
                if (otherValue is null) probe.Failures.Add(
                    $"{op} {name}: no value of {other} outside [{string.Join(", ", values)}] to check the field optional with");
                else await ExpectAsync(false, $"documented as optional when {other} is {otherValue}", b => b[other] = otherValue);
            }
        }
        output.WriteLine($"required fields: {probe.Requests} bad-input requests, {probe.ServerErrors} answered 5xx");
        return probe;
    }

    /// <summary>
    /// Every list endpoint that hands out codes — a GET without path parameters answering an array of
    /// objects with a <c>code</c> or <c>key</c> — is named by the <c>x-values-from</c> of the write
    /// fields that take them, and every value it returns is accepted back by each of those fields
    /// (the write may still fail for other reasons, but never with a 400 naming that field).
    /// </summary>
    public static async Task<OpenApiProbe> ValuesHandedOutAsync(HttpClient client, ITestOutputHelper output)
    {
        var probe = await OpenApiProbe.CreateAsync(client);
        var operations = probe.Operations().ToList();
        var lookups = operations.Where(o => o.Method == "get" && o.OperationId is not null && o.OkSchema is not null
                && !o.Parameters.Any(p => p!["in"]?.GetValue<string>() == "path"))
            .Select(o => (Op: o, Schema: probe.Concrete(o.OkSchema!)))
            .Where(x => OpenApiProbe.TypeOf(x.Schema) == "array" && probe.Concrete(x.Schema["items"]!)["properties"] is JsonObject props
                && (props.ContainsKey("code") || props.ContainsKey("key")))
            .Select(x => x.Op).ToList();
        var referenced = new HashSet<string>();
        var checkedValues = 0;
        foreach (var op in operations.Where(o => o.Method != "get" && o.BodySchema is not null))
        {
            if (probe.Concrete(op.BodySchema!)["properties"] is not JsonObject properties) continue;
            foreach (var (field, raw) in properties)
            {
                if (probe.Resolve(raw!)["x-values-from"] is not JsonObject from) continue;
                var source = from["operationId"]!.GetValue<string>();
                var property = from["property"]!.GetValue<string>();
                referenced.Add(source);
                var lookup = operations.FirstOrDefault(o => o.OperationId == source);
                if (lookup is null)
                {
                    probe.Failures.Add($"{op} {field}: x-values-from names {source}, which the document does not have");
                    continue;
                }
                var list = await probe.SendAsync(lookup, probe.FillPath(lookup), null);
                var values = (JsonNode.Parse(list.Text) as JsonArray ?? []).Select(i => i?[property]?.GetValue<string>()).OfType<string>()
                    .Distinct().ToList();
                if (values.Count == 0) probe.Failures.Add($"{lookup} handed out no {property} to check {op} {field} with");
                var isArray = OpenApiProbe.TypeOf(probe.Concrete(raw!)) == "array";
                foreach (var value in values)
                {
                    var body = probe.Sample(op.BodySchema!)!.AsObject();
                    body[field] = isArray ? new JsonArray(JsonValue.Create(value)) : JsonValue.Create(value);
                    var (status, problem, text) = await probe.SendAsync(op, probe.FillPath(op), body);
                    checkedValues++;
                    if (OpenApiProbe.Names(status, problem, field))
                        probe.Failures.Add($"{op} {field}: “{value}”, handed out by {lookup}, was refused: {OpenApiProbe.Shorten(text)}");
                }
            }
        }
        foreach (var lookup in lookups.Where(l => !referenced.Contains(l.OperationId!)))
            probe.Failures.Add($"{lookup} ({lookup.OperationId}) hands out codes, but no write field says it takes them (x-values-from)");
        Xunit.Assert.True(checkedValues > 0 || lookups.Count == 0, "no value handed out by a list endpoint was sent back");
        output.WriteLine($"values handed out: {checkedValues} values sent back from {lookups.Count} list endpoints, " +
            $"{probe.ServerErrors} answered 5xx");
        return probe;
    }

    /// <summary>
    /// Every write a machine client makes under a scope (a bureau report: <c>x-required-scope</c>) names its natural key
    /// (<c>x-natural-key</c>), and every field the key names is a path parameter or a body property of that operation.
    /// What the key does — the same report again answers with the first record, other content is a 409 — each
    /// service tests per report; this keeps a new report from arriving without one.
    /// </summary>
    public static async Task<OpenApiProbe> NaturalKeysAsync(HttpClient client, ITestOutputHelper output)
    {
        var probe = await OpenApiProbe.CreateAsync(client);
        var reports = probe.WriteOperations().Where(o => o.Node["x-required-scope"] is not null).ToList();
        foreach (var op in reports)
        {
            if (op.Node["x-natural-key"] is not JsonArray key || key.Count == 0)
            {
                probe.Failures.Add($"{op} ({op.Node["x-required-scope"]}) is a bureau report without x-natural-key");
                continue;
            }
            var fields = op.Parameters.Where(p => p!["in"]?.GetValue<string>() == "path").Select(p => p!["name"]!.GetValue<string>())
                .ToHashSet();
            if (op.BodySchema is not null && probe.Concrete(op.BodySchema)["properties"] is JsonObject properties)
                fields.UnionWith(properties.Select(p => p.Key));
            foreach (var part in key.Select(k => k!.GetValue<string>()))
                if (!part.Split('|').All(fields.Contains))
                    probe.Failures.Add($"{op}: x-natural-key names {part}, which is neither a path parameter nor a body property");
        }
        Xunit.Assert.True(reports.Count > 0, "the document has no write under a machine client's scope");
        output.WriteLine($"natural keys: {reports.Count} bureau reports ({string.Join(", ", reports)}), each with its key");
        return probe;
    }

    private static async Task ExpectRefusedAsync(OpenApiProbe probe, ApiOperation op, string path, JsonNode? body, string field)
    {
        var (status, problem, text) = await probe.SendAsync(op, path, body);
        if (!OpenApiProbe.Names(status, problem, field) || problem?["code"]?.GetValue<string>() != "text.control_characters")
            probe.Failures.Add($"{op} {field}: a NUL got {status}: {OpenApiProbe.Shorten(text)}");
    }

    /// <summary>The JSON path of every string value in the sample, with whether its schema allows line breaks.</summary>
    private static IEnumerable<(string Path, bool Multiline)> StringFields(OpenApiProbe probe, JsonNode schemaNode, JsonNode? value,
        string path) =>
        Leaves(probe, schemaNode, value, path)
            .Where(l => l.Value.GetValueKind() == System.Text.Json.JsonValueKind.String && l.Schema["enum"] is null
                && l.Schema["format"] is null)
            .Select(l => (l.Path, l.Raw["x-multiline"] is not null || l.Schema["x-multiline"] is not null));

    /// <summary>Every value in the sample below its objects and arrays: its JSON path (<c>a.b[0].c</c>) and its schema, as
    /// written (<c>Raw</c>, where <c>x-</c> marks sit) and taken apart (<c>Schema</c>).</summary>
    private static IEnumerable<(string Path, JsonValue Value, JsonObject Raw, JsonObject Schema)> Leaves(OpenApiProbe probe,
        JsonNode schemaNode, JsonNode? value, string path)
    {
        var schema = probe.Concrete(schemaNode);
        switch (value)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                    if ((schema["properties"]?[name] ?? schema["additionalProperties"]) is { } childSchema)
                        foreach (var leaf in Leaves(probe, childSchema, child, path.Length == 0 ? name : $"{path}.{name}"))
                            yield return leaf;
                break;
            case JsonArray arr:
                for (var i = 0; i < arr.Count; i++)
                    foreach (var leaf in Leaves(probe, schema["items"]!, arr[i], $"{path}[{i}]")) yield return leaf;
                break;
            case JsonValue v:
                yield return (path, v, (JsonObject)probe.Resolve(schemaNode), schema);
                break;
        }
    }

    /// <summary>A copy of the sample with the value at <paramref name="path"/> (<c>a.b[0].c</c>) replaced.</summary>
    private static JsonNode Replace(JsonNode sample, string path, string value)
    {
        var copy = sample.DeepClone();
        JsonNode parent = copy;
        var parts = System.Text.RegularExpressions.Regex.Matches(path, @"[^.\[\]]+|\[\d+\]").Select(m => m.Value).ToList();
        for (var i = 0; i < parts.Count; i++)
        {
            var last = i == parts.Count - 1;
            if (parts[i].StartsWith('['))
            {
                var index = int.Parse(parts[i][1..^1]);
                if (last) parent.AsArray()[index] = value; else parent = parent.AsArray()[index]!;
            }
            else if (last) parent.AsObject()[parts[i]] = value;
            else parent = parent.AsObject()[parts[i]]!;
        }
        return copy;
    }
}
