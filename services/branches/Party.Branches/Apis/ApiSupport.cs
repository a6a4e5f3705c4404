using Microsoft.AspNetCore.Http.HttpResults;

namespace Party.Branches.Apis;

/// <summary>Helpers every branches resource shares at the HTTP edge.</summary>
internal static class ApiSupport
{
    /// <summary>An office list as one .xlsx sheet; columns are the dictionary keys (Chinese headers).</summary>
    public static async Task<FileContentHttpResult> ExcelAsync(IEnumerable<Dictionary<string, object?>> rows, string sheet,
        string fileName, CancellationToken ct)
    {
        return await Party.Common.Spreadsheets.FileAsync(rows.ToList(), fileName, ct, sheet);
    }
}
