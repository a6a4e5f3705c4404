using System.Net;
using System.Text.Json;

namespace Party.Portal.Api;

/// <summary>
/// An API answer that is not success, as a clerk reads it: the service's Chinese <c>detail</c> (or the portal's own
/// sentence where the status says more than the detail), the bad fields with their messages, and the trace id for the
/// help desk. A 404 never says whether the record exists elsewhere; a 412 says someone else changed it.
/// </summary>
public sealed class ApiProblem : Exception
{
    public const string NotFoundMessage = "未找到该记录，或它不在您的管辖范围内。";
    public const string StaleMessage = "该记录刚被他人修改，页面已重新载入最新内容，请核对后再操作。";
    public const string SessionExpiredMessage = "登录已过期，正在重新登录……";
    public const string UnreachableMessage = "无法连接服务器，请检查网络后重试。";
    public const string ServerErrorMessage = "服务器暂时无法处理，请稍后重试；如持续出现，请复制错误编号联系运维。";
    public const string ForbiddenMessage = "您的账号没有进行此操作的权限。";
    public const string ReportMessage = "表格有误，未导入任何一行；请下载错误说明表，按“错误说明”列改好后重新导入。";
    public const string RejectedMessage = "请求未被接受，请检查填写的内容后重试；如持续出现，请复制错误编号联系运维。";

    public ApiProblem(
        int status, string? code, string message, IReadOnlyDictionary<string, string[]>? fieldErrors = null, string? traceId = null)
        : base(message)
    {
        Status = status;
        Code = code;
        FieldErrors = fieldErrors ?? new Dictionary<string, string[]>();
        TraceId = traceId;
    }

    /// <summary>HTTP status; 0 when the server could not be reached.</summary>
    public int Status { get; }
    public string? Code { get; }
    /// <summary>camelCase field name (as in the request) → messages.</summary>
    public IReadOnlyDictionary<string, string[]> FieldErrors { get; }
    public string? TraceId { get; }
    /// <summary>The .xlsx error report a rejected import answered with, when it did.</summary>
    public byte[]? Report { get; init; }

    public bool IsNotFound => Status == (int)HttpStatusCode.NotFound;
    public bool IsStale => Status == (int)HttpStatusCode.PreconditionFailed;
    public bool IsSessionExpired => Status == (int)HttpStatusCode.Unauthorized;

    /// <summary>The message for one field, or null: shown under that field.</summary>
    public string? ForField(string field) =>
        FieldErrors.FirstOrDefault(e => string.Equals(e.Key, field, StringComparison.OrdinalIgnoreCase)).Value is { Length: > 0 } m
            ? string.Join(" ", m)
            : null;

    /// <summary>Reads a problem-details body (RFC 9457) and turns it into what the page shows.</summary>
    public static ApiProblem From(int status, string? body)
    {
        string? code = null, detail = null, traceId = null;
        var fields = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        if (!string.IsNullOrWhiteSpace(body))
        {
            try
            {
                using var doc = JsonDocument.Parse(body);
                var root = doc.RootElement;
                if (root.ValueKind == JsonValueKind.Object)
                {
                    code = Text(root, "code");
                    detail = Text(root, "detail");
                    traceId = Text(root, "traceId");
                    if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var field in errors.EnumerateObject())
                        {
                            fields[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                                ? field.Value.EnumerateArray()
                                    .Where(v => v.ValueKind == JsonValueKind.String)
                                    .Select(v => v.GetString()!)
                                    .ToArray()
                                : [];
                        }
                    }
                }
            }
            catch (JsonException)
            {
                // Not a problem document (a proxy's page): the status alone decides the message.
            }
        }
        var message = status switch
        {
            401 => SessionExpiredMessage,
            404 => NotFoundMessage,
            412 => StaleMessage,
            403 => detail ?? ForbiddenMessage,
            >= 500 => detail is { Length: > 0 } d && IsChinese(d) ? d : ServerErrorMessage,
            _ => detail is { Length: > 0 } d && IsChinese(d) ? d : RejectedMessage,
        };
        return new ApiProblem(status, code, message, fields, traceId);
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>
    /// A detail the portal can show as it is: Chinese text, where Latin letters are codes or names inside it. A framework's
    /// English message, also one behind a Chinese prefix (请求无效：Failed to bind …), is replaced.
    /// </summary>
    private static bool IsChinese(string s) => s.Count(c => c is >= '\u4e00' and <= '\u9fff') > s.Count(char.IsAsciiLetter);
}
