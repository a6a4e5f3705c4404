using Microsoft.EntityFrameworkCore;
using Npgsql;
using Party.Branches.Apis;
using Party.Branches.Data;
using Party.Branches.Domain.OrgUnits;
using Party.Branches.Domain.Secretaries;
using Party.Common;
using Party.Persistence;
using Party.Persistence.Audit;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.Branches.Application;

/// <summary>One file per village secretary (一人一档): appointment with its eligibility checks, exception, exit, appraisals.</summary>
public static class SecretaryFiles
{
    private static readonly string[] Grades = ["excellent", "competent", "basicallyCompetent", "incompetent"];

    /// <summary>A secretary's row in the office roster, with the branch's name.</summary>
    public sealed record RosterRow(VillageSecretary Secretary, string BranchName);

    public static async Task<SecretaryResponse> AppointAsync(BranchesServices services, AppointSecretaryRequest r, CancellationToken ct)
    {
        var (db, scope, http, clock) = services;
        var today = clock.Today();
        new Validator()
            .Check(r.BranchId is not null, "branchId", "请指定村党支部。")
            .Check(!string.IsNullOrWhiteSpace(r.Name) && r.Name.Trim().Length <= 50, "name", "姓名必填，最多 50 字。")
            .Check(r.BirthDate is not null && r.BirthDate < today.AddYears(-18), "birthDate", "出生日期必填，且须年满 18 周岁。")
            .Check(r.Education is not null, "education", "请选择学历。")
            .Check(r.AppointedOn is not null && r.AppointedOn <= today.AddYears(1), "appointedOn", "请填写任职日期。")
            .Check(r.TermEndsOn is null || r.AppointedOn is null || r.TermEndsOn > r.AppointedOn, "termEndsOn", "任期届满日期须晚于任职日期。")
            .Check(r.PriorYearsServed is null or >= 0 and <= 60, "priorYearsServed", "此前任职年限须在 0–60 之间。")
            .Check(r.ExceptionReason is null || r.ExceptionReason.Length <= 2000, "exceptionReason", "例外理由最多 2000 字。")
            .Check(r.MemberId != Guid.Empty, "memberId", "党员编号不能为全零。")
            .ThrowIfInvalid();
        var branch = await Lookups.BranchInScopeAsync(db, scope, r.BranchId, "secretaries.branch", ct);
        var policy = await Lookups.PolicyAsync(db, OrgUnit.CountyOf(branch.Path), r.AppointedOn!.Value, ct);
        var check = AppointmentRules.CheckSecretary(r.BirthDate!.Value, r.Education!.Value, r.Renominated == true, r.AppointedOn.Value,
            policy.NewSecretaryMaxAge, policy.RenominatedSecretaryMaxAge);
        if (check.NeedsException && string.IsNullOrWhiteSpace(r.ExceptionReason))
        {
            var failed = new List<string>();
            var maxAge = r.Renominated == true ? policy.RenominatedSecretaryMaxAge : policy.NewSecretaryMaxAge;
            if (!check.AgeOk) failed.Add($"任职时 {check.Age} 岁，超过{(r.Renominated == true ? "连任" : "新任")}年龄上限 {maxAge} 岁");
            if (!check.EducationOk) failed.Add("学历低于高中（中专）");
            throw new DomainException("secretaries.exception_required",
                $"{string.Join("，", failed)}；如确需任用，请填写例外理由，报县委组织部审批。");
        }
        if (await db.Secretaries.AnyAsync(s => s.BranchId == branch.Id
                && (s.Status == SecretaryStatus.Serving || s.Status == SecretaryStatus.AwaitingException), ct))
            throw CurrentExists();
        var now = clock.GetUtcNow();
        var secretary = new VillageSecretary
        {
            Id = Guid.CreateVersion7(), BranchId = branch.Id, OrgPath = branch.Path, MemberId = r.MemberId, Name = r.Name!.Trim(),
            BirthDate = r.BirthDate.Value, Education = r.Education.Value, AlsoVillageChair = r.AlsoVillageChair == true,
            Renominated = r.Renominated == true, AppointedOn = r.AppointedOn.Value, TermEndsOn = r.TermEndsOn,
            PriorYearsServed = r.PriorYearsServed ?? 0, AgeAtAppointment = check.Age, AgeOk = check.AgeOk, EducationOk = check.EducationOk,
            Status = check.NeedsException ? SecretaryStatus.AwaitingException : SecretaryStatus.Serving,
            ExceptionReason = check.NeedsException ? r.ExceptionReason!.Trim() : null, CreatedAt = now,
        };
        db.Secretaries.Add(secretary);
        db.Audit(http.User, now, "village_secretary", secretary.Id, secretary.OrgPath, "appointed", to: secretary.Status.ToString(),
            reason: secretary.ExceptionReason);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            throw CurrentExists();
        }
        return await ToResponseAsync(db, secretary, clock, ct);
    }

    public static async Task<SecretaryResponse> GetAsync(BranchesServices services, Guid id, CancellationToken ct) =>
        await ToResponseAsync(services.Db, await FindAsync(services.Db, services.Scope, id, ct, tracking: false), services.Clock, ct);

    public static async Task<Page<SecretaryResponse>> ListAsync(BranchesServices services, string? status, Guid? branchId, int? page,
        int? pageSize, CancellationToken ct)
    {
        var (db, scope, _, clock) = services;
        var (skip, take, p, size) = Paging.Resolve(page, pageSize);
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var query = db.Secretaries.AsNoTracking().Where(s => s.OrgPath.StartsWith(prefix));
        if (QueryEnums.Parse<SecretaryStatus>(status, "status") is { } st) query = query.Where(s => s.Status == st);
        if (branchId is not null) query = query.Where(s => s.BranchId == branchId);
        var total = await query.LongCountAsync(ct);
        var items = await query.OrderBy(s => s.OrgPath).ThenBy(s => s.AppointedOn).Skip(skip).Take(take).ToListAsync(ct);
        var result = new List<SecretaryResponse>();
        foreach (var s in items) result.Add(await ToResponseAsync(db, s, clock, ct));
        return new Page<SecretaryResponse>(result, p, size, total);
    }

    /// <summary>The roster (书记花名册) of the caller's subtree, at most 100,000 rows.</summary>
    public static async Task<List<RosterRow>> RosterAsync(BranchesServices services, string? status, CancellationToken ct)
    {
        var db = services.Db;
        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        var query = db.Secretaries.AsNoTracking().Where(s => s.OrgPath.StartsWith(prefix));
        if (QueryEnums.Parse<SecretaryStatus>(status, "status") is { } st) query = query.Where(s => s.Status == st);
        return await query.Join(db.OrgUnits, s => s.BranchId, u => u.Id, (s, u) => new { s, u.Name })
            .OrderBy(x => x.s.OrgPath).Take(100_000)
            .Select(x => new RosterRow(x.s, x.Name))
            .ToListAsync(ct);
    }

    public static async Task<SecretaryResponse> DecideExceptionAsync(BranchesServices services, Guid id, DecideExceptionRequest r,
        CancellationToken ct)
    {
        var (db, scope, http, clock) = services;
        new Validator()
            .Check(r.Approved is not null, "approved", "请选择同意或不同意。")
            .Check(!string.IsNullOrWhiteSpace(r.Decision) && r.Decision.Length <= 2000, "decision", "请写明审批意见（最多 2000 字）。")
            .ThrowIfInvalid();
        var s = await FindAsync(db, scope, id, ct);
        db.ApplyIfMatch(s, http.Request);
        s.EnsureStatus(SecretaryStatus.AwaitingException, "审批例外");
        var now = clock.GetUtcNow();
        s.Status = r.Approved == true ? SecretaryStatus.Serving : SecretaryStatus.NotAppointed;
        s.ExceptionDecision = r.Decision!.Trim();
        s.ExceptionDecidedAt = now;
        s.ExceptionDecidedBy = http.User.Actor();
        db.Audit(http.User, now, "village_secretary", s.Id, s.OrgPath, r.Approved == true ? "exception_approved" : "exception_refused",
            SecretaryStatus.AwaitingException.ToString(), s.Status.ToString(), s.ExceptionDecision);
        await db.SaveChangesAsync(ct);
        return await ToResponseAsync(db, s, clock, ct);
    }

    public static async Task<SecretaryResponse> ExitAsync(BranchesServices services, Guid id, SecretaryExitRequest r, CancellationToken ct)
    {
        var (db, scope, http, clock) = services;
        var today = clock.Today();
        new Validator()
            .Check(r.Kind is not null, "kind", "请选择处理方式。")
            .Check(r.On is not null && r.On <= today, "on", "请填写日期，且不能晚于今天。")
            .Check(!string.IsNullOrWhiteSpace(r.Reason) && r.Reason.Length <= 2000, "reason", "请写明原因（最多 2000 字）。")
            .ThrowIfInvalid();
        var s = await FindAsync(db, scope, id, ct);
        db.ApplyIfMatch(s, http.Request);
        s.EnsureStatus(SecretaryStatus.Serving, "办理");
        if (r.On < s.AppointedOn) throw new DomainException("secretaries.exit_before_appointment", "离任日期不能早于任职日期。");
        var now = clock.GetUtcNow();
        if (r.Kind == ExitKind.Admonishment)
        {
            // 诫勉 is kept in the file's trail; the secretary stays in office.
            db.Audit(http.User, now, "village_secretary", s.Id, s.OrgPath, "admonished", null, r.On!.Value.ToString("yyyy-MM-dd"),
                r.Reason!.Trim());
        }
        else
        {
            s.Status = SecretaryStatus.Exited;
            s.ExitKind = r.Kind;
            s.ExitedOn = r.On;
            s.ExitReason = r.Reason!.Trim();
            db.Audit(http.User, now, "village_secretary", s.Id, s.OrgPath, "exited", SecretaryStatus.Serving.ToString(),
                $"{r.Kind} {r.On:yyyy-MM-dd}", s.ExitReason);
        }
        await db.SaveChangesAsync(ct);
        return await ToResponseAsync(db, s, clock, ct);
    }

    public static async Task<SecretaryResponse> AppraiseAsync(BranchesServices services, Guid id, AppraisalRequest r, CancellationToken ct)
    {
        var (db, scope, http, clock) = services;
        new Validator()
            .Check(r.Year is >= 2000 && r.Year <= clock.Today().Year, "year", "考核年度须为今年或以前。")
            .Check(r.Grade is not null && Grades.Contains(r.Grade), "grade",
                "考核等次须为 excellent、competent、basicallyCompetent 或 incompetent。")
            .Check(r.ReportSummary is null || r.ReportSummary.Length <= 5000, "reportSummary", "述职摘要最多 5000 字。")
            .ThrowIfInvalid();
        var s = await FindAsync(db, scope, id, ct);
        if (await db.SecretaryAppraisals.AnyAsync(a => a.SecretaryId == s.Id && a.Year == r.Year, ct))
            throw DomainException.Conflict("secretaries.appraisal_exists", $"{r.Year} 年度考核已记录。");
        var now = clock.GetUtcNow();
        db.SecretaryAppraisals.Add(new SecretaryAppraisal
        {
            Id = Guid.CreateVersion7(), SecretaryId = s.Id, OrgPath = s.OrgPath, Year = r.Year!.Value, Grade = r.Grade!,
            ReportSummary = r.ReportSummary, RecordedAt = now,
        });
        db.Audit(http.User, now, "village_secretary", s.Id, s.OrgPath, "appraised", to: $"{r.Year} {r.Grade}");
        await db.SaveChangesAsync(ct);
        return await ToResponseAsync(db, s, clock, ct);
    }

    private static DomainException CurrentExists() =>
        DomainException.Conflict("secretaries.current_exists", "该支部已有在任（或待审批）的书记；请先记录其离任，再建立新书记档案。");

    private static async Task<VillageSecretary> FindAsync(BranchesDbContext db, OrgScope scope, Guid id, CancellationToken ct,
        bool tracking = true)
    {
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var query = tracking ? db.Secretaries : db.Secretaries.AsNoTracking();
        return await query.FirstOrDefaultAsync(s => s.Id == id && s.OrgPath.StartsWith(prefix), ct)
            ?? throw DomainException.NotFound("secretaries");
    }

    /// <summary>The file as answered: appraisals, honors received, years served and, after retirement, the monthly subsidy.</summary>
    private static async Task<SecretaryResponse> ToResponseAsync(BranchesDbContext db, VillageSecretary s, TimeProvider clock,
        CancellationToken ct)
    {
        var appraisals = await db.SecretaryAppraisals.AsNoTracking().Where(a => a.SecretaryId == s.Id).OrderBy(a => a.Year)
            .Select(a => new AppraisalResponse(a.Year, a.Grade, a.ReportSummary)).ToListAsync(ct);
        var honors = await db.ReceivedHonors.AsNoTracking()
            .Where(h => h.SubjectId == s.Id || (s.MemberId != null && h.SubjectId == s.MemberId))
            .OrderBy(h => h.Year)
            .Select(h => new HonorInFile(h.AwardId, h.HonorName, h.Level, h.Year, h.RevokedAt != null))
            .ToListAsync(ct);
        int? years = s.Status is SecretaryStatus.Serving or SecretaryStatus.Exited ? s.YearsServed(s.ExitedOn ?? clock.Today()) : null;
        decimal? subsidy = null;
        if (s.ExitKind == ExitKind.Retirement && years is { } y)
        {
            var policy = await Lookups.PolicyAsync(db, OrgUnit.CountyOf(s.OrgPath), clock.Today(), ct);
            subsidy = RetirementSubsidy.MonthlyFor(y, policy.RetirementTiers);
        }
        return new SecretaryResponse(s.Id, s.BranchId, s.MemberId, s.Name, s.BirthDate, s.Education, s.AlsoVillageChair, s.Renominated,
            s.AppointedOn, s.TermEndsOn, s.AgeAtAppointment, s.AgeOk, s.EducationOk, s.Status, s.ExceptionReason, s.ExceptionDecision,
            s.ExitKind, s.ExitedOn, s.ExitReason, years, subsidy, appraisals, honors);
    }
}
