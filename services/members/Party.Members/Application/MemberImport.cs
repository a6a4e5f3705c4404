using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Party.Members.Apis;
using Party.Members.Data;
using Party.Members.Domain.Development;
using Party.Members.Domain.Identity;
using Party.Members.Domain.Members;
using Party.Messaging;
using Party.Persistence.Audit;
using Party.Persistence.OrgUnits;
using Party.ServiceDefaults.Idempotency;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;
using Member = Party.Members.Domain.Members.Member;

namespace Party.Members.Application;

/// <summary>
/// Bulk import of the county's member sheet (党员信息表, .xlsx): every row is checked first — its cells, its branch (in the
/// caller's scope, usable), its citizen ID (not repeated in the sheet, not on file) — and nothing is written unless every row is valid.
/// </summary>
public static class MemberImport
{
    public const int MaxRows = 50_000;

    /// <summary>The rows as read, each with the errors found in it, and the branches the rows name (by code).</summary>
    public sealed record Check(List<SheetRow> Rows, List<ImportRowError> Errors, Dictionary<string, OrgUnitReplica> Branches);

    /// <summary>The sheet's rows by column title; 400 when it is not a readable sheet with the required columns.</summary>
    public static List<IDictionary<string, object?>> ReadSheet(Stream upload)
    {
        List<IDictionary<string, object?>> raw;
        try
        {
            raw = upload.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new DomainException("import.unreadable", "无法读取上传的文件，请上传 .xlsx 格式的党员信息表。", 400);
        }
        var columns = raw.Count > 0 ? raw[0].Keys.ToHashSet() : [];
        var missing = MemberSheet.RequiredColumns.Where(c => !columns.Contains(c)).ToList();
        if (raw.Count == 0 || missing.Count > 0)
            throw new DomainException("import.missing_columns",
                raw.Count == 0 ? "表格中没有数据行。" : $"表格缺少必需的列：{string.Join("、", missing)}。第一行应为列标题。", 400);
        if (raw.Count > MaxRows) throw new DomainException("import.too_many_rows", $"一次最多导入 {MaxRows} 行，请分批导入。", 400);
        return raw;
    }

    public static async Task<Check> CheckAsync(MembersDbContext db, OrgScope scope, List<IDictionary<string, object?>> raw, DateOnly today,
        CancellationToken ct)
    {
        var errors = new List<ImportRowError>();
        var rows = new List<SheetRow>();
        for (var i = 0; i < raw.Count; i++)
        {
            if (raw[i].Values.All(v => MemberSheet.CellText(v) is null)) continue;
            var rowNumber = i + 2; // row 1 is the header
            var rowErrors = new List<(string Column, string Message)>();
            var row = MemberSheet.Parse(rowNumber, raw[i], rowErrors);
            foreach (var (field, message) in MemberInputRules.Check(row.Input, today, isNew: true))
                rowErrors.Add((MemberSheet.ColumnOf(field), message));
            if (row.BranchCode is null) rowErrors.Add((MemberSheet.BranchCode, "支部代码必填。"));
            errors.AddRange(rowErrors.Distinct().Select(e => new ImportRowError(rowNumber, e.Column, e.Message)));
            rows.Add(row);
        }

        // Branches by code, only inside the caller's scope.
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var codes = rows.Select(r => r.BranchCode).OfType<string>().Distinct().ToList();
        var branches = await db.OrgUnits.AsNoTracking()
            .Where(u => codes.Contains(u.Code) && u.Path.StartsWith(prefix))
            .ToDictionaryAsync(u => u.Code, ct);
        var ids = new Dictionary<string, int>();
        foreach (var row in rows)
        {
            if (row.BranchCode is { } code && BranchError(row, code, branches) is { } branchError) errors.Add(branchError);
            if (CitizenId.TryParse(row.Input.CitizenId, today, out _) is { } id)
            {
                if (ids.TryGetValue(id.Normalized, out var first))
                    errors.Add(new(row.RowNumber, MemberSheet.CitizenId, $"与第 {first} 行的公民身份号码重复。"));
                else ids[id.Normalized] = row.RowNumber;
            }
        }
        var idList = ids.Keys.ToList();
        var existing = await db.Set<Member>().AsNoTracking()
            .Where(m => idList.Contains(m.CitizenId))
            .Select(m => m.CitizenId)
            .ToListAsync(ct);
        foreach (var taken in existing) errors.Add(new(ids[taken], MemberSheet.CitizenId, "该公民身份号码已有档案。"));
        return new Check(rows, errors, branches);
    }

    private static ImportRowError? BranchError(SheetRow row, string code, Dictionary<string, OrgUnitReplica> branches)
    {
        if (!branches.TryGetValue(code, out var branch))
            return new(row.RowNumber, MemberSheet.BranchCode, $"支部代码 {code} 不存在或不在您的管辖范围内。");
        if (branch.Dissolved) return new(row.RowNumber, MemberSheet.BranchCode, $"{branch.Name}已撤销。");
        if (branch.Kind is not ("Branch" or "GeneralBranch"))
            return new(row.RowNumber, MemberSheet.BranchCode, $"{branch.Name}不是党支部或党总支。");
        if (row.Input.RuralCategory is not null && !MemberLookup.IsRural(branch))
            return new(row.RowNumber, MemberSheet.Category, $"{branch.Name}不是农村党支部，不设农村党员类别。");
        return null;
    }

    /// <summary>
    /// Creates every row's member, in one transaction: a failure half-way (e.g. a citizen ID entered concurrently) leaves nothing.
    /// </summary>
    public static async Task SaveAsync(MembersServices services, Check check, DateOnly today, CancellationToken ct)
    {
        var db = services.Db;
        var now = services.Clock.GetUtcNow();
        var members = db.Set<Member>();
        foreach (var row in check.Rows)
        {
            var branch = check.Branches[row.BranchCode!];
            var member = new Member
            {
                Id = Guid.CreateVersion7(), Name = "", Ethnicity = "", CitizenId = "", OrgPath = branch.Path, BranchId = branch.Id,
                CreatedAt = now, UpdatedAt = now,
            };
            MemberInputRules.ApplyPersonal(member, row.Input, CitizenId.TryParse(row.Input.CitizenId, today, out _)!);
            MemberInputRules.ApplyStage(member, row.Input);
            members.Add(member);
            db.Set<DevelopmentRecord>().Add(new DevelopmentRecord { MemberId = member.Id });
            db.Audit(services.User, now, AuditEntities.Member, member.Id, member.OrgPath, "imported",
                to: $"{member.Name} {member.Stage} {member.Status}", reason: $"导入第 {row.RowNumber} 行");
            MemberEvents.AddRegistered(db, member, "imported", today, now);
        }
        await using var tx = await db.Database.BeginOrJoinTransactionAsync(ct);
        await MemberRecords.SaveAsync(db, ct);
        await tx.CommitAsync(ct);
    }
}
