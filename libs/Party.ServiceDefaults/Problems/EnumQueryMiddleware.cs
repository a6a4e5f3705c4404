using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Party.ServiceDefaults.Problems;

/// <summary>
/// A query value of an enum parameter is taken in any case. The APIs write enums in camelCase (<c>"approved"</c>), so
/// that is what a caller sends back in <c>?status=approved</c>; minimal APIs bind a query enum with a case-sensitive
/// <c>Enum.TryParse</c> and answered it 400. The value becomes the member's own name before binding; a value no member
/// has is left as it is, for binding to refuse.
/// </summary>
public sealed class EnumQueryMiddleware(RequestDelegate next)
{
    private static readonly ConcurrentDictionary<Endpoint, IReadOnlyDictionary<string, Type>> EnumParameters = new();

    public Task InvokeAsync(HttpContext http)
    {
        if (http.Request.QueryString.HasValue && http.GetEndpoint() is { } endpoint)
        {
            var enums = EnumParameters.GetOrAdd(endpoint, Find);
            if (enums.Count > 0) Normalize(http.Request, enums);
        }
        return next(http);
    }

    private static IReadOnlyDictionary<string, Type> Find(Endpoint endpoint)
    {
        var found = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in endpoint.Metadata.OfType<MethodInfo>().FirstOrDefault()?.GetParameters() ?? [])
        {
            var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
            if (type.IsEnum && parameter.Name is { } name) found[name] = type;
        }
        return found;
    }

    private static void Normalize(HttpRequest request, IReadOnlyDictionary<string, Type> enums)
    {
        Dictionary<string, StringValues>? rewritten = null;
        foreach (var (key, value) in request.Query)
        {
            if (!enums.TryGetValue(key, out var type) || value.Count != 1 || value[0] is not { Length: > 0 } text || char.IsAsciiDigit(text[0])) continue;
            if (!Enum.TryParse(type, text, ignoreCase: true, out var member) || member.ToString() == text) continue;
            rewritten ??= request.Query.ToDictionary(q => q.Key, q => q.Value, StringComparer.OrdinalIgnoreCase);
            rewritten[key] = member.ToString();
        }
        if (rewritten is not null) request.Query = new QueryCollection(rewritten);
    }
}
