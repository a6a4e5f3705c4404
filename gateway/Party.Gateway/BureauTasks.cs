using System.Text.Json.Nodes;

namespace Party.Gateway;

/// <summary>What a county bureau (县直部门) comes to do, with the scope its client holds for it (SPEC §7).</summary>
public sealed record BureauTask(string Slug, string Title, string Scope);

/// <summary>
/// The reference is grouped by bureau task: for each, the operations of every service that require the task's scope
/// (<c>x-required-scope</c>) plus the webhooks API, in one document whose introduction is the bureau's guide; its paths
/// are the versioned ones (<c>/api/v1/…</c>) a bureau integrates against.
/// </summary>
public static class BureauTasks
{
    public static readonly IReadOnlyList<BureauTask> All =
    [
        new("finance", "财政局：补助支付", "finance.payments"),
        new("discipline", "纪委：报送处分", "discipline.report"),
        new("review", "联审部门：评先评优联审意见", "honors.review"),
        new("villages", "农业农村局：村级脱贫数据", "villages.report"),
    ];

    /// <summary>
    /// The guides served at <c>/docs/guides/{name}.md</c>: one per task, the webhooks guide and the problem codes they share.
    /// </summary>
    public static readonly IReadOnlySet<string> GuideNames = All.Select(t => t.Slug)
        .Append("webhooks")
        .Append("problem-codes")
        .Append("versioning")
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>A bureau's documents show the versioned paths it should pin (<c>/api/v1/…</c>; docs/bureaus/versioning.md).</summary>
    public static string Versioned(string path) =>
        path.StartsWith("/api/", StringComparison.Ordinal) ? ProxyRoutes.V1Prefix + path["/api".Length..] : path;

    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

    public static JsonObject Merge(
        BureauTask task, IReadOnlyList<(string Service, JsonObject Doc)> docs, string? guide, IReadOnlyList<string> unavailable)
    {
        var paths = new JsonObject();
        var schemas = new JsonObject();
        foreach (var (service, doc) in docs)
        {
            var everything = service == "webhooks";
            var used = false;
            foreach (var (path, node) in doc["paths"] as JsonObject ?? [])
            {
                if (node is not JsonObject item) continue;
                var kept = new JsonObject();
                foreach (var method in Methods)
                {
                    if (item[method] is JsonObject op && (everything || op["x-required-scope"]?.GetValue<string>() == task.Scope))
                        kept[method] = op.DeepClone();
                }
                if (kept.Count == 0) continue;
                if (item["parameters"] is { } shared) kept["parameters"] = shared.DeepClone();
                foreach (var (_, op) in kept)
                    if (op?["x-successor"] is { } successor) op["x-successor"] = Versioned(successor.GetValue<string>());
                paths[Versioned(path)] = kept;
                used = true;
            }
            if (!used) continue;
            // Schema names are the C# type names; the same name in two services is the same shared type (first one kept).
            foreach (var (name, schema) in doc["components"]?["schemas"] as JsonObject ?? [])
                if (!schemas.ContainsKey(name)) schemas[name] = schema?.DeepClone();
        }
        var description = guide ?? $"{task.Title}：接入指南见仓库 docs/bureaus/{task.Slug}.md。";
        if (unavailable.Count > 0)
            description = $"> 注意：暂时无法取得 {string.Join("、", unavailable)} 的文档，以下接口可能不全，请稍后刷新。\n\n" + description;
        return new JsonObject
        {
            ["openapi"] = docs.Select(d => d.Doc["openapi"]?.GetValue<string>()).FirstOrDefault(v => v is not null) ?? "3.1.1",
            ["info"] = new JsonObject { ["title"] = task.Title, ["version"] = "v1", ["description"] = description },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }
}
