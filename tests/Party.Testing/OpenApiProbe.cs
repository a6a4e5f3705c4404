using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Party.ServiceDefaults.Auth;
using Xunit;

namespace Party.Testing;

/// <summary>An operation of a service's OpenAPI document, with its parameters and JSON request body schema.</summary>
public sealed record ApiOperation(string Method, string Path, string? OperationId, JsonArray Parameters, JsonObject? BodySchema,
    JsonNode? OkSchema, JsonObject Node)
{
    public override string ToString() => $"{Method.ToUpperInvariant()} {Path}";
}

/// <summary>
/// Reads a service's <c>/openapi/v1.json</c> and builds requests from it, so that the class tests
/// (control characters, required fields, codes handed out) cover every endpoint the document
/// publishes rather than a hand-kept list. Counts every request it sends and every 5xx answer, and takes every answer
/// whose status the operation's document does not list for a failure: the document is what a bureau codes against.
/// </summary>
public sealed class OpenApiProbe
{
    /// <summary>
    /// The scopes machine clients hold. Tests assert no probed endpoint answers 403 to a caller with
    /// every role and these scopes, so a new scope cannot silently exclude an endpoint from the probes.
    /// </summary>
    public static readonly string[] KnownScopes = ["discipline.report", "pii.read", "finance.payments", "villages.report", "honors.review",
        "points.write"];

    private readonly HttpClient _client;
    public JsonObject Document { get; }
    public int Requests { get; private set; }
    public int ServerErrors { get; private set; }
    public List<string> Failures { get; } = [];

    private OpenApiProbe(HttpClient client, JsonObject document) => (_client, Document) = (client, document);

    /// <summary>A client holding every role and every known scope, and the service's document.</summary>
    public static async Task<OpenApiProbe> CreateAsync(HttpClient client)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", MintEveryRole());
        var doc = await client.GetStringAsync("/openapi/v1.json");
        return new OpenApiProbe(client, JsonNode.Parse(doc)!.AsObject());
    }

    private static string MintEveryRole() => TestTokens.MintClaims(new Dictionary<string, object>
        {
            [PartyClaims.Subject] = "input-probe", [PartyClaims.Name] = "input-probe",
            [PartyClaims.Role] = new[] { PartyRoles.County, PartyRoles.Township, PartyRoles.Branch, PartyRoles.Cadre, PartyRoles.Bureau,
                PartyRoles.Operator },
            [PartyClaims.Org] = Guid.Empty.ToString(), [PartyClaims.Scope] = string.Join(' ', KnownScopes),
        },
        // Long-lived: some factories run the service on a clock years ahead.
        DateTime.UtcNow.AddDays(-1), DateTime.UtcNow.AddDays(3650));

    public IEnumerable<ApiOperation> Operations()
    {
        foreach (var (path, item) in Document["paths"]!.AsObject())
        foreach (var (method, op) in item!.AsObject())
        {
            if (op is not JsonObject o || method == "parameters") continue;
            var parameters = new JsonArray();
            foreach (var p in (item["parameters"] as JsonArray ?? []).Concat(o["parameters"] as JsonArray ?? []))
                parameters.Add(Resolve(p!).DeepClone());
            var body = o["requestBody"]?["content"]?["application/json"]?["schema"] is { } s ? Resolve(s) as JsonObject : null;
            var ok = o["responses"]?["200"]?["content"]?["application/json"]?["schema"];
            yield return new ApiOperation(method, path, o["operationId"]?.GetValue<string>(), parameters, body, ok, o);
        }
    }

    /// <summary>
    /// A read whose answer the document leaves without content gives a bureau nothing to code against: this caught lists that
    /// also export a sheet (<c>format=xlsx</c>) declared as a bare result, and sheet downloads that named no media type.
    /// </summary>
    public void AssertEveryReadDocumentsItsAnswer()
    {
        var bare = Operations()
            .Where(o => o.Method == "get" && o.Node["responses"]?["200"] is { } ok && ok["content"] is not JsonObject { Count: > 0 })
            .Select(o => o.ToString()).ToList();
        Assert.True(bare.Count == 0, $"{bare.Count} reads document no answer:\n{string.Join('\n', bare)}");
    }

    /// <summary>Operations that change something: POST, PUT, PATCH, DELETE.</summary>
    public IEnumerable<ApiOperation> WriteOperations() => Operations().Where(o => o.Method is "post" or "put" or "patch" or "delete");

    public JsonNode Resolve(JsonNode node)
    {
        while (node is JsonObject o && o["$ref"] is { } r)
        {
            JsonNode current = Document;
            foreach (var part in r.GetValue<string>().TrimStart('#', '/').Split('/')) current = current[part]!;
            node = current;
        }
        return node;
    }

    /// <summary>The schema with references, nullability unions and single-member compositions taken apart.</summary>
    public JsonObject Concrete(JsonNode schema)
    {
        var s = (JsonObject)Resolve(schema);
        foreach (var key in new[] { "oneOf", "anyOf", "allOf" })
            if (s[key] is JsonArray options
                && options.Select(x => (JsonObject)Resolve(x!)).FirstOrDefault(x => TypeOf(x) != "null") is { } first)
                return Concrete(first);
        return s;
    }

    public static string? TypeOf(JsonObject schema) => schema["type"] switch
    {
        JsonArray types => types.Select(t => t!.GetValue<string>()).FirstOrDefault(t => t != "null") ?? "null",
        JsonValue v => v.GetValue<string>(),
        _ => schema["properties"] is not null ? "object" : schema["enum"] is not null ? "string" : null,
    };

    /// <summary>A type-correct value for the schema: every property filled, strings "样例", ids fresh.</summary>
    public JsonNode? Sample(JsonNode schema, int depth = 0)
    {
        var s = Concrete(schema);
        if (s["enum"] is JsonArray values && values.FirstOrDefault(v => v is not null) is { } first) return first.DeepClone();
        switch (TypeOf(s))
        {
            case "object":
                var obj = new JsonObject();
                if (depth > 4) return obj;
                foreach (var (name, prop) in s["properties"] as JsonObject ?? []) obj[name] = Sample(prop!, depth + 1);
                if (s["additionalProperties"] is JsonObject extra && s["properties"] is null) obj["k1"] = Sample(extra, depth + 1);
                return obj;
            case "array":
                return s["items"] is { } items ? new JsonArray(Sample(items, depth + 1)) : new JsonArray();
            // A bounded integer (a year) gets its lowest value: 1 would be refused for the range, not for what is tested.
            case "integer": return JsonValue.Create(s["minimum"] is { } minimum ? (int)minimum.GetValue<decimal>() : 1);
            case "number": return JsonValue.Create(1);
            case "boolean": return JsonValue.Create(true);
            case "string":
                return (s["format"]?.GetValue<string>()) switch
                {
                    "uuid" => JsonValue.Create(Guid.NewGuid().ToString()),
                    "date" => JsonValue.Create("2026-01-05"),
                    "date-time" => JsonValue.Create("2026-01-05T08:00:00+08:00"),
                    "int32" or "int64" => JsonValue.Create("1"),
                    _ => JsonValue.Create("样例"),
                };
            default: return null;
        }
    }

    /// <summary>The operation's path with every path parameter filled by a sample of its type.</summary>
    public string FillPath(ApiOperation op, IReadOnlyDictionary<string, string>? values = null)
    {
        var path = op.Path;
        foreach (var p in op.Parameters.Where(p => p!["in"]?.GetValue<string>() == "path"))
        {
            var name = p!["name"]!.GetValue<string>();
            var value = values?.GetValueOrDefault(name) ?? Sample(p["schema"]!) switch { JsonValue v => v.ToString(), _ => "x" };
            if (name == "year" && values?.ContainsKey(name) != true) value = "2026";
            path = path.Replace("{" + name + "}", Uri.EscapeDataString(value));
        }
        return path;
    }

    /// <summary>Sends the request (JSON body when given, a fresh Idempotency-Key) and counts it.</summary>
    public Task<(int Status, JsonObject? Problem, string Text)> SendAsync(ApiOperation op, string path, JsonNode? body) =>
        SendContentAsync(op, path, body is null ? null : new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

    /// <summary>Sends the request with <paramref name="content"/> as it is (a fresh Idempotency-Key) and counts it.</summary>
    public async Task<(int Status, JsonObject? Problem, string Text)> SendContentAsync(ApiOperation op, string path, HttpContent? content)
    {
        using var request = new HttpRequestMessage(new HttpMethod(op.Method.ToUpperInvariant()), path);
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        request.Content = content;
        using var response = await _client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var status = (int)response.StatusCode;
        Requests++;
        if (status >= 500)
        {
            ServerErrors++;
            Failures.Add($"{op} → {status}: {Shorten(text)}");
        }
        if (status == 403 && text.Contains("\"auth.forbidden\""))
            Failures.Add($"{op} → 403 to a caller with every role and scope: a scope missing from OpenApiProbe.KnownScopes?");
        if (!Lists(op, status))
            Failures.Add($"{op} → {status}, a status its document does not list " +
                $"({string.Join(", ", ((JsonObject?)op.Node["responses"])?.Select(r => r.Key) ?? [])}): {Shorten(text)}");
        JsonObject? problem = null;
        if (response.Content.Headers.ContentType?.MediaType == "application/problem+json") problem = JsonNode.Parse(text) as JsonObject;
        return (status, problem, text);
    }

    /// <summary>Whether the operation's document lists the status (exactly, as <c>4XX</c>, or as <c>default</c>).</summary>
    public static bool Lists(ApiOperation op, int status) =>
        op.Node["responses"] is JsonObject responses
        && (responses.ContainsKey(status.ToString()) || responses.ContainsKey($"{status / 100}XX") || responses.ContainsKey("default"));

    /// <summary>True when the answer is a 400 whose <c>errors</c> name <paramref name="field"/> (JSON path, case-insensitive).</summary>
    public static bool Names(int status, JsonObject? problem, string field) =>
        status == 400 && problem?["errors"] is JsonObject errors
            && errors.Any(e => string.Equals(e.Key, field, StringComparison.OrdinalIgnoreCase));

    public static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    /// <summary>Fails with every collected failure, one per line.</summary>
    public void AssertNoFailures(string what)
    {
        Assert.True(Failures.Count == 0, $"{what}: {Failures.Count} failure(s) in {Requests} requests:\n" + string.Join("\n", Failures));
    }
}
