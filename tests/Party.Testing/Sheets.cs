using MiniExcelLibs;
using Party.Common;
using Xunit;

namespace Party.Testing;

/// <summary>An .xlsx answer read back as the clerk sees it: one dictionary per row, keyed by the sheet's Chinese headers.</summary>
public static class Sheets
{
    public static async Task<List<IDictionary<string, object>>> ReadAsync(HttpResponseMessage response)
    {
        Assert.Equal(Spreadsheets.ContentType, response.Content.Headers.ContentType?.MediaType);
        var rows = await MiniExcel.QueryAsync(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), useHeaderRow: true);
        return rows.Cast<IDictionary<string, object>>().ToList();
    }

    /// <summary>True when a cell holds an id: a clerk's sheet names things instead.</summary>
    public static bool HoldsAnId(IDictionary<string, object> row) => row.Values.Any(v => Guid.TryParse(v?.ToString(), out _));
}
