using Party.ServiceDefaults.Problems;

namespace Party.ServiceDefaults;

/// <summary>One page of a list; <see cref="Total"/> counts every match so offices see how many there are.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, long Total);

public static class Paging
{
    public const int MaxPageSize = 200;

    /// <summary>Validates page parameters (page ≥ 1, 1 ≤ pageSize ≤ 200) and returns rows to skip and take.</summary>
    public static (int Skip, int Take, int Page, int PageSize) Resolve(int? page, int? pageSize)
    {
        var p = page ?? 1;
        var size = pageSize ?? 50;
        new Validator()
            .Check(p >= 1, "page", "页码必须从 1 开始。")
            .Check(size is >= 1 and <= MaxPageSize, "pageSize", $"每页条数必须在 1 到 {MaxPageSize} 之间。")
            .ThrowIfInvalid();
        return ((p - 1) * size, size, p, size);
    }
}
