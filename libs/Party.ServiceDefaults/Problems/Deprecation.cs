using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;

namespace Party.ServiceDefaults.Problems;

/// <summary>
/// An operation on its way out (docs/bureaus/versioning.md): announced on <see cref="On"/>, answering until
/// <see cref="Sunset"/>, replaced by <see cref="Successor"/> (a route template of the same service, e.g.
/// <c>/api/branches/subsidies/{id}/confirm</c>).
/// </summary>
public sealed record Deprecation(DateOnly On, DateOnly Sunset, string Successor)
{
    public const string DeprecationHeader = "Deprecation";
    public const string SunsetHeader = "Sunset";
    public const string SunsetExtension = "x-sunset";
    public const string SuccessorExtension = "x-successor";
    /// <summary>The change policy, as served by the gateway: the <c>rel="deprecation"</c> link of RFC 9745.</summary>
    public const string PolicyUrl = "/docs/guides/versioning.md";

    /// <summary>RFC 9745: a structured-field Date, <c>@</c> and Unix seconds.</summary>
    public string DeprecationValue => "@" + new DateTimeOffset(On.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeSeconds();

    /// <summary>RFC 8594: an HTTP-date.</summary>
    public string SunsetValue =>
        new DateTimeOffset(Sunset.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The successor with this request's route values filled in, and the policy.</summary>
    public string LinkValue(RouteValueDictionary values)
    {
        var successor = System.Text.RegularExpressions.Regex.Replace(Successor, @"\{(\w+)(:[^}]*)?\}",
            m => values.TryGetValue(m.Groups[1].Value, out var v) && v is not null ? Uri.EscapeDataString(v.ToString()!) : m.Value);
        return $"<{successor}>; rel=\"successor-version\", <{PolicyUrl}>; rel=\"deprecation\"; type=\"text/markdown\"";
    }
}

public static class DeprecationExtensions
{
    /// <summary>
    /// Marks the operation deprecated: every answer (also a refusal) carries <c>Deprecation</c>, <c>Sunset</c> and a <c>Link</c>
    /// to the successor, and the OpenAPI document marks it <c>deprecated</c> with <c>x-sunset</c> and <c>x-successor</c>.
    /// </summary>
    public static TBuilder Deprecated<TBuilder>(this TBuilder builder, string on, string sunset, string successor)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new Deprecation(DateOnly.ParseExact(on, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            DateOnly.ParseExact(sunset, "yyyy-MM-dd", CultureInfo.InvariantCulture), successor));

    /// <summary>Adds the headers on every answer of a deprecated endpoint, set before the answer starts (refusals included).</summary>
    public static IApplicationBuilder UseDeprecationHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<Deprecation>() is { } deprecation)
        {
            // Read now: the exception handler clears the route values before it writes a refusal.
            var link = deprecation.LinkValue(http.Request.RouteValues);
            http.Response.OnStarting(() =>
            {
                http.Response.Headers[Deprecation.DeprecationHeader] = deprecation.DeprecationValue;
                http.Response.Headers[Deprecation.SunsetHeader] = deprecation.SunsetValue;
                http.Response.Headers.Append("Link", link);
                return Task.CompletedTask;
            });
        }
        return next(http);
    });

    public static OpenApiOptions MarkDeprecations(this OpenApiOptions options) => options.AddOperationTransformer((operation, context, _) =>
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<Deprecation>().LastOrDefault() is not { } d)
            return Task.CompletedTask;
        operation.Deprecated = true;
        operation.Description = $"**已弃用**：{d.On:yyyy-MM-dd} 起请改用 `{d.Successor}`，"
            + $"{d.Sunset:yyyy-MM-dd} 后停止服务（应答带 Deprecation、Sunset 和 Link 头，见版本与变更策略）。"
            + (operation.Description is { Length: > 0 } text ? "\n\n" + text : "");
        operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
        operation.Extensions[Deprecation.SunsetExtension] =
            new JsonNodeExtension(JsonValue.Create(d.Sunset.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        operation.Extensions[Deprecation.SuccessorExtension] = new JsonNodeExtension(JsonValue.Create(d.Successor));
        return Task.CompletedTask;
    });
}
