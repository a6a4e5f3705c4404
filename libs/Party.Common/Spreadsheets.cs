using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using MiniExcelLibs;

namespace Party.Common;

/// <summary>Office lists as .xlsx: the rows' property names (or dictionary keys) are the Chinese column headers.</summary>
public static class Spreadsheets
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static async Task<FileContentHttpResult> FileAsync<T>(
        IEnumerable<T> rows, string fileName, CancellationToken ct, string sheetName = "Sheet1")
    {
        using var stream = new MemoryStream();
        await stream.SaveAsAsync(rows, sheetName: sheetName, cancellationToken: ct);
        return TypedResults.File(stream.ToArray(), ContentType, fileName);
    }
}
