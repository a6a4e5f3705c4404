using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Party.ServiceDefaults.Problems;

/// <summary>
/// A year in a query string or a path (<c>?year=</c>, <c>/funds/{year}</c>, <c>?toYear=</c>): the system's own records are of
/// 2000–2100, as their writes refuse other years (awards imported into the model database go back to 1949:
/// <see cref="EarliestYearAttribute"/>). A filter outside that range used to answer an empty list (<c>?year=-5</c>) or a
/// month of nothing, which reads as "no data" to a clerk who mistyped; now it is a 400 naming the parameter, and the
/// OpenAPI documents give every such parameter its <c>minimum</c> and <c>maximum</c> (<see cref="OpenApiDocumentation"/>).
/// A parameter is a year by its name (<c>year</c>, or ending in <c>Year</c>) and an integer type.
/// </summary>
public static class YearParameters
{
    public const int Min = 2000;
    public const int Max = 2100;

    public static bool IsYear(string name, Type type) =>
        (name.Equals("year", StringComparison.OrdinalIgnoreCase) || name.EndsWith("Year", StringComparison.Ordinal))
        && (Nullable.GetUnderlyingType(type) ?? type) is var t && (t == typeof(int) || t == typeof(long));

    public static string Message(string value, int min) => $"取值“{value}”无效，应为 {min}–{Max} 之间的年份。";

    /// <summary>
    /// The lowest year <paramref name="attributes"/> takes: <see cref="Min"/>, or another by <see cref="EarliestYearAttribute"/>.
    /// </summary>
    public static int MinimumOf(ICustomAttributeProvider? attributes) =>
        attributes?.GetCustomAttributes(typeof(EarliestYearAttribute), false).OfType<EarliestYearAttribute>().FirstOrDefault()?.Year ?? Min;

    /// <summary>The query and route year parameters a handler binds, [AsParameters] records included, with their lowest year.</summary>
    internal static (string Name, int Min)[] Of(MethodInfo handler) =>
        handler.GetParameters().SelectMany(p => p.GetCustomAttribute<AsParametersAttribute>() is null
            ? Bound(p.Name, p.ParameterType, p)
            : p.ParameterType.GetProperties(BindingFlags.Public | BindingFlags.Instance).SelectMany(Properties(p.ParameterType)))
        .DistinctBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ToArray();

    private static Func<PropertyInfo, IEnumerable<(string Name, int Min)>> Properties(Type record) => property =>
    {
        // A record's binding attributes sit on its constructor parameter.
        var parameter = record.GetConstructors().SelectMany(c => c.GetParameters())
            .FirstOrDefault(c => string.Equals(c.Name, property.Name, StringComparison.OrdinalIgnoreCase));
        return Bound(property.Name, property.PropertyType, (ICustomAttributeProvider?)parameter ?? property);
    };

    private static IEnumerable<(string Name, int Min)> Bound(string? name, Type type, ICustomAttributeProvider attributes)
    {
        var query = attributes.GetCustomAttributes(typeof(FromQueryAttribute), false).OfType<FromQueryAttribute>().FirstOrDefault();
        var route = attributes.GetCustomAttributes(typeof(FromRouteAttribute), false).OfType<FromRouteAttribute>().FirstOrDefault();
        var bound = query?.Name ?? route?.Name ?? name;
        if (bound is not null && IsYear(bound, type)) yield return (bound, MinimumOf(attributes));
    }
}

/// <summary>
/// The earliest year of a parameter whose range does not start at <see cref="YearParameters.Min"/>: one that reads years before
/// itself (a three-year table ending in <c>toYear</c>, pay computed from last year's figures) starts later, so that its earliest
/// value reads only years the system keeps; one over awards (honor roll, model database) starts at 1949, the earliest award year
/// the model database takes.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property)]
public sealed class EarliestYearAttribute(int year) : Attribute
{
    public int Year { get; } = year;
}

/// <summary>
/// Refuses a year outside its range (<see cref="YearParameters.Min"/>–<see cref="YearParameters.Max"/>) before the endpoint runs.
/// </summary>
public sealed class YearParametersMiddleware(RequestDelegate next)
{
    private static readonly ConcurrentDictionary<MethodInfo, (string Name, int Min)[]> Years = new();

    public Task InvokeAsync(HttpContext http)
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<MethodInfo>() is not { } handler) return next(http);
        Dictionary<string, string[]>? errors = null;
        foreach (var (name, min) in Years.GetOrAdd(handler, YearParameters.Of))
        {
            var value = http.Request.RouteValues.TryGetValue(name, out var routed) ? routed as string : http.Request.Query[name].ToString();
            // A value that is no integer is the binder's to refuse (BindingProblems says what it should be).
            if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var year)
                && (year < min || year > YearParameters.Max))
                (errors ??= [])[name] = [YearParameters.Message(value!.Trim(), min)];
        }
        if (errors is not null) throw DomainException.Validation(errors);
        return next(http);
    }
}
