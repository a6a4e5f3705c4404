using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Party.Members.Application;
using Party.Members.Data;
using Party.Members.Domain.Development;
using Party.Members.Domain.Identity;
using Party.Members.Domain.Members;
using Party.Messaging.Audit;
using Party.ServiceDefaults.Idempotency;
using Party.ServiceDefaults;
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
    public const int MaxRows = 50_000;

    public static IEndpointRouteBuilder MapMemberImportApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/members/members/import", Import).WithTags("Members").WithName("ImportMembers")
            .WithSummary("导入党员信息表（.xlsx，multipart 字段 file 或直接作为请求体）；逐行校验，任一行有误则全部不导入并返回逐行错误。dryRun=true 只校验；" +
                "errorReport=xlsx 时错误以原表加“错误说明”列的 .xlsx 返回（状态 422），改好后可直接重新导入。")
            .WithMetadata(new RequestSizeLimitAttribute(MaxUploadBytes))
            .DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> Import(bool? dryRun, [QueryEnum("xlsx")] string? errorReport, HttpContext http, MembersDbContext db, OrgScope scope,
        TimeProvider clock, CancellationToken ct)
    {
        new Validator().Check(errorReport is null || string.Equals(errorReport, "xlsx", StringComparison.OrdinalIgnoreCase), "errorReport",
            "errorReport 只能是 xlsx（不填则以 JSON 返回错误）。").ThrowIfInvalid();
        var today = clock.Today();
        using var sheet = await ReadUploadAsync(http, ct);
        List<IDictionary<string, object?>> raw;
        try
        {
            raw = sheet.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new DomainException("import.unreadable", "无法读取上传的文件，请上传 .xlsx 格式的党员信息表。", 400);
        }
        var columns = raw.Count > 0 ? raw[0].Keys.ToHashSet() : [];
        var missing = MemberSheet.RequiredColumns.Where(c => !columns.Contains(c)).ToList();
        if (raw.Count == 0 || missing.Count > 0)
            throw new DomainException("import.missing_columns", raw.Count == 0 ? "表格中没有数据行。" : $"表格缺少必需的列：{string.Join("、", missing)}。第一行应为列标题。", 400);
        if (raw.Count > MaxRows) throw new DomainException("import.too_many_rows", $"一次最多导入 {MaxRows} 行，请分批导入。", 400);

        var errors = new List<ImportRowError>();
        var rows = new List<SheetRow>();
        for (var i = 0; i < raw.Count; i++)
        {
            if (raw[i].Values.All(v => MemberSheet.CellText(v) is null)) continue;
            var rowNumber = i + 2; // row 1 is the header
            var rowErrors = new List<(string Column, string Message)>();
            var row = MemberSheet.Parse(rowNumber, raw[i], rowErrors);
            foreach (var (field, message) in MemberInputRules.Check(row.Input, today, isNew: true)) rowErrors.Add((MemberSheet.ColumnOf(field), message));
            if (row.BranchCode is null) rowErrors.Add((MemberSheet.BranchCode, "支部代码必填。"));
            errors.AddRange(rowErrors.Distinct().Select(e => new ImportRowError(rowNumber, e.Column, e.Message)));
            rows.Add(row);
        }

        // Branches by code, only inside the caller's scope.
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var codes = rows.Select(r => r.BranchCode).OfType<string>().Distinct().ToList();
        var branches = await db.OrgUnits.AsNoTracking().Where(u => codes.Contains(u.Code) && u.Path.StartsWith(prefix)).ToDictionaryAsync(u => u.Code, ct);
        var ids = new Dictionary<string, int>();
        foreach (var row in rows)
        {
            if (row.BranchCode is { } code)
            {
                if (!branches.TryGetValue(code, out var branch)) errors.Add(new(row.RowNumber, MemberSheet.BranchCode, $"支部代码 {code} 不存在或不在您的管辖范围内。"));
                else if (branch.Dissolved) errors.Add(new(row.RowNumber, MemberSheet.BranchCode, $"{branch.Name}已撤销。"));
                else if (branch.Kind is not ("Branch" or "GeneralBranch")) errors.Add(new(row.RowNumber, MemberSheet.BranchCode, $"{branch.Name}不是党支部或党总支。"));
                else if (row.Input.RuralCategory is not null && !MemberLookup.IsRural(branch))
                    errors.Add(new(row.RowNumber, MemberSheet.Category, $"{branch.Name}不是农村党支部，不设农村党员类别。"));
            }
            if (CitizenId.TryParse(row.Input.CitizenId, today, out _) is { } id)
            {
                if (ids.TryGetValue(id.Normalized, out var first)) errors.Add(new(row.RowNumber, MemberSheet.CitizenId, $"与第 {first} 行的公民身份号码重复。"));
                else ids[id.Normalized] = row.RowNumber;
            }
        }
        var idList = ids.Keys.ToList();
        var existing = await db.Set<Member>().AsNoTracking().Where(m => idList.Contains(m.CitizenId)).Select(m => m.CitizenId).ToListAsync(ct);
        foreach (var taken in existing) errors.Add(new(ids[taken], MemberSheet.CitizenId, "该公民身份号码已有档案。"));

        if (errors.Count > 0)
        {
            var ordered = errors.OrderBy(e => e.Row).ThenBy(e => e.Column).ToList();
            if (errorReport is not null) return await ErrorReportAsync(raw, ordered, ct);
            var badRows = ordered.Select(e => e.Row).Distinct().ToList();
            var problem = ProblemHandling.Problem("import.invalid_rows",
                $"共 {rows.Count} 行，其中 {badRows.Count} 行有误（第 {string.Join("、", badRows.Take(20))} 行{(badRows.Count > 20 ? " 等" : "")}），未导入任何记录。请按逐行提示修改后重新导入。",
                422, ordered.GroupBy(e => $"row{e.Row}.{e.Column}").ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));
            problem.ProblemDetails.Extensions["rowErrors"] = ordered;
            problem.ProblemDetails.Extensions["badRows"] = badRows;
            return problem;
        }
        if (dryRun == true) return TypedResults.Ok(new ImportResponse(rows.Count, 0, true));

        var now = clock.GetUtcNow();
        var members = db.Set<Member>();
        foreach (var row in rows)
        {
            var branch = branches[row.BranchCode!];
            var member = new Member { Id = Guid.CreateVersion7(), Name = "", Ethnicity = "", CitizenId = "", OrgPath = branch.Path, BranchId = branch.Id, CreatedAt = now, UpdatedAt = now };
            MemberInputRules.ApplyPersonal(member, row.Input, CitizenId.TryParse(row.Input.CitizenId, today, out _)!);
            MemberInputRules.ApplyStage(member, row.Input);
            members.Add(member);
            db.Set<DevelopmentRecord>().Add(new DevelopmentRecord { MemberId = member.Id });
            db.Audit(http.User, now, AuditEntities.Member, member.Id, member.OrgPath, "imported", to: $"{member.Name} {member.Stage} {member.Status}", reason: $"导入第 {row.RowNumber} 行");
            MemberEvents.AddRegistered(db, member, "imported", today, now);
        }
        // One transaction: a failure half-way (e.g. a citizen ID entered concurrently) leaves nothing behind.
        await using var tx = await db.Database.BeginOrJoinTransactionAsync(ct);
        await MemberRecords.SaveAsync(db, ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(new ImportResponse(rows.Count, rows.Count, false));
    }

    public const string ErrorColumn = "错误说明";

    /// <summary>
    /// The uploaded sheet back, row for row, with every error written beside its row: the clerk corrects the cells in
    /// this file and uploads it again, instead of retyping what was right. The import ignores the extra column.
    /// </summary>
    private static async Task<IResult> ErrorReportAsync(List<IDictionary<string, object?>> raw, List<ImportRowError> errors, CancellationToken ct)
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
