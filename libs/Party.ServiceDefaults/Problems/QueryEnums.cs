using System.Text.Json;

namespace Party.ServiceDefaults.Problems;

/// <summary>
/// Enum filters in the query string. The APIs write enums in camelCase (<c>"approved"</c>), so that is what a caller sends
/// back in <c>?status=approved</c>; minimal APIs would bind an enum parameter case-sensitively by its C# name and refuse
/// it with an English message. A filter is therefore taken as a string and read here: any case, member names only
/// (not numbers); an unknown value is a 400 naming the field and the values it takes.
/// </summary>
public static class QueryEnums
{
    public static T? Parse<T>(string? value, string field) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var text = value.Trim();
        if (!char.IsAsciiDigit(text[0]) && text[0] != '-'
            && Enum.TryParse<T>(text, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)) return parsed;
        throw DomainException.Validation(new Dictionary<string, string[]>
        {
            [field] = [$"取值“{text}”无效，可选：{string.Join("、", Enum.GetNames<T>().Select(JsonNamingPolicy.CamelCase.ConvertName))}。"],
        });
    }
}
