using Microsoft.AspNetCore.Http;
using Party.ServiceDefaults.Problems;

namespace Party.ServiceDefaults;

/// <summary>ETags are PostgreSQL's <c>xmin</c> row version; <c>If-Match</c> on a write is checked against it.</summary>
public static class ETags
{
    public static string Format(uint rowVersion) => $"\"{rowVersion}\"";

    /// <summary>The version the client last saw, or null when it sent no If-Match.</summary>
    public static uint? IfMatch(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrEmpty(header) || header == "*") return null;
        var raw = header.Trim().TrimStart('W', '/').Trim('"');
        return uint.TryParse(raw, out var v)
            ? v
            : throw new DomainException("concurrency.if_match_invalid", "If-Match 头格式不正确，请使用上次读取时返回的 ETag。", 400);
    }
}
