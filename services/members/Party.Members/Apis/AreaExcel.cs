using MiniExcelLibs;

namespace Party.Members.Apis;

/// <summary>Office lists as .xlsx (MiniExcel), with the column headers county offices read.</summary>
public static class AreaExcel
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static IResult File<T>(IEnumerable<T> rows, string name)
    {
        var stream = new MemoryStream();
        stream.SaveAs(rows);
        stream.Position = 0;
        return TypedResults.File(stream, ContentType, name);
    }
}
