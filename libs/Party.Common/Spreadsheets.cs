using Microsoft.AspNetCore.Builder;
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

    /// <summary>Documents a sheet download as the endpoint's answer: a file result tells the OpenAPI document nothing itself.</summary>
    public static RouteHandlerBuilder ProducesSheet(this RouteHandlerBuilder endpoint) =>
        endpoint.Produces(StatusCodes.Status200OK, typeof(byte[]), ContentType);
}
