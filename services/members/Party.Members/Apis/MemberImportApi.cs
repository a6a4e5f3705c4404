using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Party.Common;
using Party.Members.Application;
using Party.Members.Data;
using Party.Members.Domain.Development;
using Party.Members.Domain.Identity;
using Party.Members.Domain.Members;
using Party.Persistence.Audit;
using Party.ServiceDefaults.Idempotency;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;
using Member = Party.Members.Domain.Members.Member;

namespace Party.Members.Apis;

public sealed record ImportRowError(int Row, string Column, string Message);
public sealed record ImportResponse(int Rows, int Imported, bool DryRun);

/// <summary>
/// Bulk import of the county's member sheet (党员信息表, .xlsx): every row is checked first and
/// nothing is written unless every row is valid; the answer lists each bad row and column.
/// </summary>
public static class MemberImportApi
{
    public const long MaxUploadBytes = 20_000_000;

    public static IEndpointRouteBuilder MapMemberImportApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/members/members/import", Import).WithTags("Members").WithName("ImportMembers")
            .WithSummary("导入党员信息表（.xlsx，multipart 字段 file 或直接作为请求体）；逐行校验，任一行有误则全部不导入并返回逐行错误。dryRun=true 只校验；" +
                "errorReport=xlsx 时错误以原表加“错误说明”列的 .xlsx 返回（状态 422），改好后可直接重新导入。")
            .WithMetadata(new RequestSizeLimitAttribute(MaxUploadBytes))
            .DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> Import(bool? dryRun, [QueryEnum("xlsx")] string? errorReport,
        [AsParameters] MembersServices services,
        CancellationToken ct)
    {
        new Validator().Check(errorReport is null || string.Equals(errorReport, "xlsx", StringComparison.OrdinalIgnoreCase), "errorReport",
            "errorReport 只能是 xlsx（不填则以 JSON 返回错误）。").ThrowIfInvalid();
        var today = services.Clock.Today();
        using var upload = await ReadUploadAsync(services.Http, ct);
        var raw = MemberImport.ReadSheet(upload);
        var check = await MemberImport.CheckAsync(services.Db, services.Scope, raw, today, ct);
        if (check.Errors.Count > 0)
        {
            var ordered = check.Errors.OrderBy(e => e.Row).ThenBy(e => e.Column).ToList();
            if (errorReport is not null) return await ErrorReportAsync(raw, ordered, ct);
            return InvalidRows(check.Rows.Count, ordered);
        }
        if (dryRun == true) return TypedResults.Ok(new ImportResponse(check.Rows.Count, 0, true));
        await MemberImport.SaveAsync(services, check, today, ct);
        return TypedResults.Ok(new ImportResponse(check.Rows.Count, check.Rows.Count, false));
    }

    /// <summary>422 naming every bad row and column; nothing was imported.</summary>
    private static IResult InvalidRows(int rowCount, List<ImportRowError> ordered)
    {
        var badRows = ordered.Select(e => e.Row).Distinct().ToList();
        var problem = ProblemHandling.Problem("import.invalid_rows",
            $"共 {rowCount} 行，其中 {badRows.Count} 行有误（第 {string.Join("、", badRows.Take(20))} 行{(badRows.Count > 20 ? " 等" : "")}），" +
            "未导入任何记录。请按逐行提示修改后重新导入。",
            422, ordered.GroupBy(e => $"row{e.Row}.{e.Column}").ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));
        problem.ProblemDetails.Extensions["rowErrors"] = ordered;
        problem.ProblemDetails.Extensions["badRows"] = badRows;
        return problem;
    }

    public const string ErrorColumn = "错误说明";

    /// <summary>
    /// The uploaded sheet back, row for row, with every error written beside its row: the clerk corrects the cells in
    /// this file and uploads it again, instead of retyping what was right. The import ignores the extra column.
    /// </summary>
    private static async Task<IResult> ErrorReportAsync(List<IDictionary<string, object?>> raw, List<ImportRowError> errors,
        CancellationToken ct)
    {
        var byRow = errors.GroupBy(e => e.Row).ToDictionary(g => g.Key, g => string.Join("；", g.Select(e => $"{e.Column}：{e.Message}")));
        var rows = raw.Select((cells, i) =>
        {
            var row = new Dictionary<string, object?>(cells) { [ErrorColumn] = byRow.GetValueOrDefault(i + 2) };
            return row;
        });
        var file = await Spreadsheets.FileAsync(rows, "member-import-errors.xlsx", ct, sheetName: "导入错误");
        return new StatusCodeFile(StatusCodes.Status422UnprocessableEntity, file);
    }

    /// <summary>A file answer with a status other than 200 (the error report is a refusal, not a success).</summary>
    private sealed class StatusCodeFile(int status, FileContentHttpResult file) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = status;
            return file.ExecuteAsync(http);
        }
    }

    private static async Task<MemoryStream> ReadUploadAsync(HttpContext http, CancellationToken ct)
    {
        var buffer = new MemoryStream();
        if (http.Request.HasFormContentType)
        {
            var form = await http.Request.ReadFormAsync(ct);
            var file = form.Files.GetFile("file") ?? form.Files.FirstOrDefault()
                ?? throw new DomainException("import.no_file", "请在表单字段 file 中上传 .xlsx 文件。", 400);
            await file.CopyToAsync(buffer, ct);
        }
        else
        {
            await http.Request.Body.CopyToAsync(buffer, ct);
        }
        if (buffer.Length == 0) throw new DomainException("import.no_file", "请上传 .xlsx 文件。", 400);
        buffer.Position = 0;
        return buffer;
    }
}
