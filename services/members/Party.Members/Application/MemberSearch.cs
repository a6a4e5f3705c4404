using Microsoft.EntityFrameworkCore;
using Party.Members.Apis;
using Party.Members.Data;
using Party.Members.Domain.Development;
using Party.Members.Domain.Members;
using Party.ServiceDefaults;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.Members.Application;

/// <summary>The member list and its .xlsx export: the same filters, and the sheet in the column layout the import reads.</summary>
public static class MemberSearch
{
    public sealed record MemberWithBranch(Member Member, string? BranchName, string? BranchCode);

    /// <summary>The members in the caller's subtree that match the filters (validated here; 400 on a bad one).</summary>
    public static async Task<IQueryable<Member>> FilterAsync(MembersDbContext db, OrgScope scope, MemberFilter f, DateOnly today,
        CancellationToken ct)
    {
        new Validator()
            .Check(f.MinAge is null or >= 0 and <= 150, "minAge", "年龄下限应在 0–150 之间。")
            .Check(f.MaxAge is null or >= 0 and <= 150, "maxAge", "年龄上限应在 0–150 之间。")
            .Check(f.MinAge is null || f.MaxAge is null || f.MinAge <= f.MaxAge, "maxAge", "年龄上限不能小于下限。")
            .Check(f.Name is null || f.Name.Length <= 100, "name", "姓名最多 100 字。")
            .ThrowIfInvalid();
        var stage = QueryEnums.Parse<MemberStage>(f.Stage, "stage");
        var category = QueryEnums.Parse<RuralCategory>(f.Category, "category");
        var status = QueryEnums.Parse<MemberStatus>(f.Status, "status");
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        // A branch filter means that unit's subtree, and only inside the caller's own.
        if (f.BranchId is { } under)
            prefix = await db.OrgUnits.AsNoTracking()
                .Where(u => u.Id == under && u.Path.StartsWith(prefix))
                .Select(u => u.Path)
                .FirstOrDefaultAsync(ct)
                ?? throw DomainException.NotFound("members.branch");
        var query = db.Set<Member>().AsNoTracking().Where(m => m.OrgPath.StartsWith(prefix));
        if (!string.IsNullOrWhiteSpace(f.Name)) query = query.Where(m => m.Name.Contains(f.Name.Trim()));
        if (stage is not null) query = query.Where(m => m.Stage == stage);
        if (category is not null) query = query.Where(m => m.RuralCategory == category);
        if (status is not null) query = query.Where(m => m.Status == status);
        // Age a ≥ min ⇔ born on or before today − min years; age ≤ max ⇔ born after today − (max + 1) years.
        if (f.MinAge is { } min) { var bornBy = today.AddYears(-min); query = query.Where(m => m.BirthDate <= bornBy); }
        if (f.MaxAge is { } max) { var bornAfter = today.AddYears(-(max + 1)); query = query.Where(m => m.BirthDate > bornAfter); }
        return query;
    }

    public static IQueryable<MemberWithBranch> WithBranchName(MembersDbContext db, IQueryable<Member> query) =>
        from m in query
        join u in db.OrgUnits on m.BranchId equals u.Id into units
        from u in units.DefaultIfEmpty()
        select new MemberWithBranch(m, u == null ? null : u.Name, u == null ? null : u.Code);

    /// <summary>One row of the member sheet in the column layout the import reads (<see cref="MemberSheet"/>).</summary>
    public static Dictionary<string, object?> SheetRow(MemberResponse? m, string? branchCode) => new()
    {
        [MemberSheet.Name] = m?.Name, [MemberSheet.Sex] = m is null ? null : m.Sex == Sex.Male ? "男" : "女",
        [MemberSheet.Ethnicity] = m?.Ethnicity, [MemberSheet.BirthDate] = Fmt(m?.BirthDate), [MemberSheet.Age] = m?.Age,
        [MemberSheet.CitizenId] = m?.CitizenId, [MemberSheet.Education] = m?.Education,
        [MemberSheet.Mobile] = m?.Mobile, [MemberSheet.BranchCode] = branchCode, [MemberSheet.BranchName] = m?.BranchName,
        [MemberSheet.Stage] = m is null ? null : DevelopmentGuards.StageName(m.Stage),
        [MemberSheet.Category] = m?.RuralCategory is { } c ? MemberSheet.CategoryName(c) : null,
        [MemberSheet.Status] = m is null ? null : DevelopmentGuards.StatusName(m.Status),
        [MemberSheet.AppliedOn] = Fmt(m?.AppliedOn), [MemberSheet.ActivistOn] = Fmt(m?.ActivistOn),
        [MemberSheet.CandidateOn] = Fmt(m?.CandidateOn), [MemberSheet.ProbationaryOn] = Fmt(m?.ProbationaryOn),
        [MemberSheet.FullOn] = Fmt(m?.FullOn),
        [MemberSheet.NativePlace] = m?.NativePlace, [MemberSheet.WorkUnit] = m?.WorkUnit, [MemberSheet.Notes] = m?.Notes,
    };

    private static string? Fmt(DateOnly? d) => d?.ToString("yyyy-MM-dd");
}
