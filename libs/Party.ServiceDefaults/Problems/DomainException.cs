namespace Party.ServiceDefaults.Problems;

/// <summary>
/// A rule the request broke. <see cref="Code"/> is stable for clients (<c>points.window_closed</c>);
/// <see cref="Detail"/> is Chinese text a person can act on.
/// </summary>
public class DomainException(string code, string detail, int status = 422, IReadOnlyDictionary<string, string[]>? errors = null)
    : Exception(detail)
{
    public string Code { get; } = code;
    public string Detail { get; } = detail;
    public int Status { get; } = status;
    public IReadOnlyDictionary<string, string[]>? Errors { get; } = errors;

    public static DomainException NotFound(string what) => new($"{what}.not_found", "未找到该记录，或不在您的管辖范围内。", 404);
    public static DomainException Conflict(string code, string detail) => new(code, detail, 409);
    public static DomainException Validation(IReadOnlyDictionary<string, string[]> errors) =>
        new("validation.failed", "提交的数据有误，请按各字段提示修改后重试。", 400, errors);
}

/// <summary>Collects every bad field before refusing, so the caller sees all problems at once.</summary>
public sealed class Validator
{
    private readonly Dictionary<string, List<string>> _errors = new();

    public Validator Check(bool ok, string field, string message)
    {
        if (!ok)
        {
            if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
            list.Add(message);
        }
        return this;
    }

    public bool IsValid => _errors.Count == 0;

    public void ThrowIfInvalid()
    {
        if (!IsValid) throw DomainException.Validation(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
    }
}
