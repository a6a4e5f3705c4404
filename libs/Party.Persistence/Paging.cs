using Microsoft.EntityFrameworkCore;
using Party.ServiceDefaults.Problems;

namespace Party.Persistence;

/// <summary>One page of a list; <see cref="Total"/> counts every match so offices see how many there are.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, long Total);

/// <summary>A validated page request: rows to skip and take, and the page number and size the answer echoes.</summary>
public readonly record struct PageRequest(int Skip, int Take, int Page, int PageSize);

public static class Paging
{
    public const int MaxPageSize = 200;

    /// <summary>Validates page parameters (page ≥ 1, 1 ≤ pageSize ≤ 200) and returns rows to skip and take.</summary>
    public static PageRequest Resolve(int? page, int? pageSize)
    {
        var p = page ?? 1;
        var size = pageSize ?? 50;
        new Validator()
            .Check(p >= 1, "page", "页码必须从 1 开始。")
            .Check(size is >= 1 and <= MaxPageSize, "pageSize", $"每页条数必须在 1 到 {MaxPageSize} 之间。")
            .ThrowIfInvalid();
        return new((p - 1) * size, size, p, size);
    }

    /// <summary>
    /// The list sequence every list endpoint runs: counts every match of <paramref name="ordered"/>, then reads the requested page
    /// of it. The query must already be ordered (a stable order, so pages neither repeat nor skip rows).
    /// </summary>
    public static Task<Page<T>> ToPageAsync<T>(this IQueryable<T> ordered, PageRequest page, CancellationToken ct) =>
        ordered.ToPageAsync(page, row => row, ct);

    /// <summary>
    /// As <see cref="ToPageAsync{T}(IQueryable{T}, PageRequest, CancellationToken)"/>, shaping each row of the page in memory with
    /// <paramref name="map"/>.
    /// </summary>
    public static async Task<Page<T>> ToPageAsync<TRow, T>(
        this IQueryable<TRow> ordered, PageRequest page, Func<TRow, T> map, CancellationToken ct)
    {
        var total = await ordered.LongCountAsync(ct);
        var rows = await ordered.Skip(page.Skip).Take(page.Take).ToListAsync(ct);
        return new(rows.Select(map).ToList(), page.Page, page.PageSize, total);
    }
}
