using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Party.Branches.Data;
using Party.Branches.Domain.Secretaries;
using Party.Messaging;
using Party.Messaging.Audit;
using Party.ServiceDefaults;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.Branches.Apis;

public sealed record AppointSecretaryRequest(Guid? BranchId, string? Name, DateOnly? BirthDate, EducationLevel? Education, DateOnly? AppointedOn,
    Guid? MemberId = null, bool? AlsoVillageChair = null, bool? Renominated = null, DateOnly? TermEndsOn = null, int? PriorYearsServed = null,
    string? ExceptionReason = null);
public sealed record DecideExceptionRequest(bool? Approved, [FreeText] string? Decision);
public sealed record SecretaryExitRequest(ExitKind? Kind, DateOnly? On, [FreeText] string? Reason);
public sealed record AppraisalRequest(int? Year, string? Grade, [FreeText] string? ReportSummary = null);
public sealed record CountyIncomeRequest(decimal? PerCapitaNetIncome);
public sealed record AppraisalResponse(int Year, string Grade, string? ReportSummary);
public sealed record SecretaryResponse(Guid Id, Guid BranchId, Guid? MemberId, string Name, DateOnly BirthDate, EducationLevel Education, bool AlsoVillageChair,
    bool Renominated, DateOnly AppointedOn, DateOnly? TermEndsOn, int AgeAtAppointment, bool AgeOk, bool EducationOk, SecretaryStatus Status,
    string? ExceptionReason, string? ExceptionDecision, ExitKind? ExitKind, DateOnly? ExitedOn, string? ExitReason, int? YearsServed,
    decimal? MonthlyRetirementSubsidy, IReadOnlyList<AppraisalResponse> Appraisals, IReadOnlyList<HonorInFile> Honors);
public sealed record HonorInFile(Guid AwardId, string HonorName, string Level, int Year, bool Revoked);
public sealed record RemunerationRow(Guid SecretaryId, string Name, Guid BranchId, int Year, decimal? CountyIncomeLastYear, bool Uplift, decimal? Amount);

/// <summary>Village party secretaries (村党支部书记): one file each, appointment checks, remuneration, exits.</summary>
public static class SecretariesApi
{
    private static readonly string[] Grades = ["excellent", "competent", "basicallyCompetent", "incompetent"];

    public static IEndpointRouteBuilder MapSecretariesApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/branches/secretaries").WithTags("Secretaries");
        g.MapPost("/", Appoint).RequireRole(PartyRoles.Township, PartyRoles.County)
            .WithName("AppointSecretary").WithSummary("建立书记档案并做任职资格审查（新任 ≤55 岁且高中/中专以上，连任 ≤65 岁；不符须写明理由报县委组织部审批）。");
        g.MapGet("/", List).WithName("ListSecretaries").WithSummary("分页列出管辖范围内的书记档案。");
        g.MapGet("/export.xlsx", Export).WithName("ExportSecretaries").WithSummary("书记花名册导出为 Excel。");
        g.MapGet("/remuneration", Remuneration).WithName("SecretaryRemuneration")
            .WithSummary("某年度在任书记报酬：上年全县农村人均纯收入 × 2，上年五星且完成重点任务再上浮 10%。");
        g.MapGet("/{id:guid}", Get).WithName("GetSecretary").WithSummary("查看一人一档。");
        g.MapPost("/{id:guid}/exception", DecideException).RequireRole(PartyRoles.County)
            .WithName("DecideSecretaryException").WithSummary("县委组织部审批任职资格例外。");
        g.MapPost("/{id:guid}/exit", Exit).RequireRole(PartyRoles.County)
            .WithName("SecretaryExit").WithSummary("记录诫勉、责令辞职、免职、退职或任期届满。");
        g.MapPost("/{id:guid}/appraisals", Appraise).RequireRole(PartyRoles.Township, PartyRoles.County)
            .WithName("AppraiseSecretary").WithSummary("记录年度目标考核等次和述职。");
        app.MapPut("/api/branches/county-income/{year:int}", SetCountyIncome).RequireRole(PartyRoles.County).WithTags("Secretaries")
            .WithName("SetCountyIncome").WithSummary("县委组织部录入某年度全县农村居民人均纯收入（用于次年书记报酬）。");
        return app;
    }

    private static async Task<SecretaryResponse> ToResponseAsync(BranchesDbContext db, VillageSecretary s, TimeProvider clock, CancellationToken ct)
    {
        var appraisals = await db.SecretaryAppraisals.AsNoTracking().Where(a => a.SecretaryId == s.Id).OrderBy(a => a.Year)
            .Select(a => new AppraisalResponse(a.Year, a.Grade, a.ReportSummary)).ToListAsync(ct);
        var honors = await db.ReceivedHonors.AsNoTracking()
            .Where(h => h.SubjectId == s.Id || (s.MemberId != null && h.SubjectId == s.MemberId))
            .OrderBy(h => h.Year).Select(h => new HonorInFile(h.AwardId, h.HonorName, h.Level, h.Year, h.RevokedAt != null)).ToListAsync(ct);
        int? years = s.Status is SecretaryStatus.Serving or SecretaryStatus.Exited ? s.YearsServed(s.ExitedOn ?? clock.Today()) : null;
        decimal? subsidy = null;
        if (s.ExitKind == ExitKind.Retirement && years is { } y)
        {
            var policy = await ApiSupport.PolicyAsync(db, ApiSupport.CountyOf(s.OrgPath), clock.Today(), ct);
            subsidy = RetirementSubsidy.MonthlyFor(y, policy.RetirementTiers);
        }
        return new SecretaryResponse(s.Id, s.BranchId, s.MemberId, s.Name, s.BirthDate, s.Education, s.AlsoVillageChair, s.Renominated, s.AppointedOn, s.TermEndsOn,
            s.AgeAtAppointment, s.AgeOk, s.EducationOk, s.Status, s.ExceptionReason, s.ExceptionDecision, s.ExitKind, s.ExitedOn, s.ExitReason, years, subsidy, appraisals, honors);
    }

    private static async Task<Created<SecretaryResponse>> Appoint(AppointSecretaryRequest r, BranchesDbContext db, OrgScope scope, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
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
        var branch = await ApiSupport.BranchInScopeAsync(db, scope, r.BranchId, "secretaries.branch", ct);
        var policy = await ApiSupport.PolicyAsync(db, ApiSupport.CountyOf(branch.Path), r.AppointedOn!.Value, ct);
        var check = AppointmentRules.CheckSecretary(r.BirthDate!.Value, r.Education!.Value, r.Renominated == true, r.AppointedOn.Value,
            policy.NewSecretaryMaxAge, policy.RenominatedSecretaryMaxAge);
        if (check.NeedsException && string.IsNullOrWhiteSpace(r.ExceptionReason))
        {
            var failed = new List<string>();
            if (!check.AgeOk) failed.Add($"任职时 {check.Age} 岁，超过{(r.Renominated == true ? "连任" : "新任")}年龄上限 {(r.Renominated == true ? policy.RenominatedSecretaryMaxAge : policy.NewSecretaryMaxAge)} 岁");
            if (!check.EducationOk) failed.Add("学历低于高中（中专）");
            throw new DomainException("secretaries.exception_required", $"{string.Join("，", failed)}；如确需任用，请填写例外理由，报县委组织部审批。");
        }
        if (await db.Secretaries.AnyAsync(s => s.BranchId == branch.Id && (s.Status == SecretaryStatus.Serving || s.Status == SecretaryStatus.AwaitingException), ct))
            throw CurrentExists();
        var now = clock.GetUtcNow();
        var secretary = new VillageSecretary
        {
            Id = Guid.CreateVersion7(), BranchId = branch.Id, OrgPath = branch.Path, MemberId = r.MemberId, Name = r.Name!.Trim(), BirthDate = r.BirthDate.Value,
            Education = r.Education.Value, AlsoVillageChair = r.AlsoVillageChair == true, Renominated = r.Renominated == true, AppointedOn = r.AppointedOn.Value,
            TermEndsOn = r.TermEndsOn, PriorYearsServed = r.PriorYearsServed ?? 0, AgeAtAppointment = check.Age, AgeOk = check.AgeOk, EducationOk = check.EducationOk,
            Status = check.NeedsException ? SecretaryStatus.AwaitingException : SecretaryStatus.Serving,
            ExceptionReason = check.NeedsException ? r.ExceptionReason!.Trim() : null, CreatedAt = now,
        };
        db.Secretaries.Add(secretary);
        db.Audit(http.User, now, "village_secretary", secretary.Id, secretary.OrgPath, "appointed", to: secretary.Status.ToString(), reason: secretary.ExceptionReason);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            throw CurrentExists();
        }
        return TypedResults.Created($"/api/branches/secretaries/{secretary.Id}", await ToResponseAsync(db, secretary, clock, ct));
    }

    private static DomainException CurrentExists() =>
        DomainException.Conflict("secretaries.current_exists", "该支部已有在任（或待审批）的书记；请先记录其离任，再建立新书记档案。");

    private static async Task<VillageSecretary> FindAsync(BranchesDbContext db, OrgScope scope, Guid id, CancellationToken ct, bool tracking = true)
    {
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var query = tracking ? db.Secretaries : db.Secretaries.AsNoTracking();
        return await query.FirstOrDefaultAsync(s => s.Id == id && s.OrgPath.StartsWith(prefix), ct) ?? throw DomainException.NotFound("secretaries");
    }

    private static async Task<Ok<SecretaryResponse>> Get(Guid id, BranchesDbContext db, OrgScope scope, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(await ToResponseAsync(db, await FindAsync(db, scope, id, ct, tracking: false), clock, ct));

    private static async Task<Ok<Page<SecretaryResponse>>> List([QueryEnum(typeof(SecretaryStatus))] string? status, Guid? branchId, int? page, int? pageSize, BranchesDbContext db, OrgScope scope,
        TimeProvider clock, CancellationToken ct)
    {
        var (skip, take, p, size) = Paging.Resolve(page, pageSize);
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var query = db.Secretaries.AsNoTracking().Where(s => s.OrgPath.StartsWith(prefix));
        if (QueryEnums.Parse<SecretaryStatus>(status, "status") is { } st) query = query.Where(s => s.Status == st);
        if (branchId is not null) query = query.Where(s => s.BranchId == branchId);
        var total = await query.LongCountAsync(ct);
        var items = await query.OrderBy(s => s.OrgPath).ThenBy(s => s.AppointedOn).Skip(skip).Take(take).ToListAsync(ct);
        var result = new List<SecretaryResponse>();
        foreach (var s in items) result.Add(await ToResponseAsync(db, s, clock, ct));
        return TypedResults.Ok(new Page<SecretaryResponse>(result, p, size, total));
    }

    private static async Task<Microsoft.AspNetCore.Http.HttpResults.FileContentHttpResult> Export([QueryEnum(typeof(SecretaryStatus))] string? status, BranchesDbContext db, OrgScope scope, CancellationToken ct)
    {
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var query = db.Secretaries.AsNoTracking().Where(s => s.OrgPath.StartsWith(prefix));
        if (QueryEnums.Parse<SecretaryStatus>(status, "status") is { } st) query = query.Where(s => s.Status == st);
        var rows = await query.Join(db.OrgUnits, s => s.BranchId, u => u.Id, (s, u) => new { s, u.Name })
            .OrderBy(x => x.s.OrgPath).Take(100_000).ToListAsync(ct);
        return await ApiSupport.ExcelAsync(rows.Select(x => new Dictionary<string, object?>
        {
            ["村党支部"] = x.Name, ["姓名"] = x.s.Name, ["出生日期"] = x.s.BirthDate.ToString("yyyy-MM-dd"), ["学历"] = x.s.Education.ToString(),
            ["一肩挑"] = x.s.AlsoVillageChair ? "是" : "否", ["任职日期"] = x.s.AppointedOn.ToString("yyyy-MM-dd"), ["状态"] = x.s.Status.ToString(),
            ["资格例外"] = x.s.ExceptionReason, ["离任方式"] = x.s.ExitKind?.ToString(), ["离任日期"] = x.s.ExitedOn?.ToString("yyyy-MM-dd"),
        }), "书记花名册", "secretaries.xlsx", ct);
    }

    private static async Task<Ok<SecretaryResponse>> DecideException(Guid id, DecideExceptionRequest r, BranchesDbContext db, OrgScope scope, HttpContext http,
        TimeProvider clock, CancellationToken ct)
    {
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
        return TypedResults.Ok(await ToResponseAsync(db, s, clock, ct));
    }

    private static async Task<Ok<SecretaryResponse>> Exit(Guid id, SecretaryExitRequest r, BranchesDbContext db, OrgScope scope, HttpContext http,
        TimeProvider clock, CancellationToken ct)
    {
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
            db.Audit(http.User, now, "village_secretary", s.Id, s.OrgPath, "admonished", null, r.On!.Value.ToString("yyyy-MM-dd"), r.Reason!.Trim());
        }
        else
        {
            s.Status = SecretaryStatus.Exited;
            s.ExitKind = r.Kind;
            s.ExitedOn = r.On;
            s.ExitReason = r.Reason!.Trim();
            db.Audit(http.User, now, "village_secretary", s.Id, s.OrgPath, "exited", SecretaryStatus.Serving.ToString(), $"{r.Kind} {r.On:yyyy-MM-dd}", s.ExitReason);
        }
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ToResponseAsync(db, s, clock, ct));
    }

    private static async Task<Ok<SecretaryResponse>> Appraise(Guid id, AppraisalRequest r, BranchesDbContext db, OrgScope scope, HttpContext http,
        TimeProvider clock, CancellationToken ct)
    {
        new Validator()
            .Check(r.Year is >= 2000 && r.Year <= clock.Today().Year, "year", "考核年度须为今年或以前。")
            .Check(r.Grade is not null && Grades.Contains(r.Grade), "grade", "考核等次须为 excellent、competent、basicallyCompetent 或 incompetent。")
            .Check(r.ReportSummary is null || r.ReportSummary.Length <= 5000, "reportSummary", "述职摘要最多 5000 字。")
            .ThrowIfInvalid();
        var s = await FindAsync(db, scope, id, ct);
        if (await db.SecretaryAppraisals.AnyAsync(a => a.SecretaryId == s.Id && a.Year == r.Year, ct))
            throw DomainException.Conflict("secretaries.appraisal_exists", $"{r.Year} 年度考核已记录。");
        var now = clock.GetUtcNow();
        db.SecretaryAppraisals.Add(new SecretaryAppraisal { Id = Guid.CreateVersion7(), SecretaryId = s.Id, OrgPath = s.OrgPath, Year = r.Year!.Value, Grade = r.Grade!, ReportSummary = r.ReportSummary, RecordedAt = now });
        db.Audit(http.User, now, "village_secretary", s.Id, s.OrgPath, "appraised", to: $"{r.Year} {r.Grade}");
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ToResponseAsync(db, s, clock, ct));
    }

    private static async Task<Ok<CountyIncome>> SetCountyIncome(int year, CountyIncomeRequest r, BranchesDbContext db, OrgScope scope, HttpContext http,
        TimeProvider clock, CancellationToken ct)
    {
        new Validator()
            .Check(year >= 2000 && year < clock.Today().Year + 1, "year", "只能录入今年或以前年度的收入。")
            .Check(r.PerCapitaNetIncome is > 0 and < 1_000_000, "perCapitaNetIncome", "人均纯收入须为正数（元）。")
            .ThrowIfInvalid();
        var county = await ApiSupport.CallerCountyAsync(db, scope, ct);
        var now = clock.GetUtcNow();
        var amount = Domain.Ratings.Money.Round(r.PerCapitaNetIncome!.Value);
        var row = await db.CountyIncomes.FirstOrDefaultAsync(c => c.CountyId == county.Id && c.Year == year, ct);
        var from = row?.PerCapitaNetIncome.ToString("0.00");
        if (row is null) db.CountyIncomes.Add(row = new CountyIncome { CountyId = county.Id, Year = year });
        row.PerCapitaNetIncome = amount;
        row.EnteredAt = now;
        db.Audit(http.User, now, "county_income", $"{county.Id:N}-{year}", county.Path, from is null ? "entered" : "corrected", from, amount.ToString("0.00"));
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(row);
    }

    private static async Task<Ok<Page<RemunerationRow>>> Remuneration(int? year, int? page, int? pageSize, BranchesDbContext db, OrgScope scope, CancellationToken ct)
    {
        var (skip, take, p, size) = Paging.Resolve(page, pageSize);
        new Validator().Check(year is >= 2001 and <= 2100, "year", "请指定年度。").ThrowIfInvalid();
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var like = ApiSupport.Like(prefix);
        var last = year!.Value - 1;
        // Income and the uplift both come from last year: the income figure entered for it and its final star rating.
        var rows = await db.QueryAsync($"""
            SELECT s.id, s.name, s.branch_id, split_part(s.org_path, '/', 2) AS county, ci.per_capita_net_income,
                   coalesce(r.stars = 5 AND r.key_tasks_done, false) AS uplift, count(*) OVER () AS total
            FROM village_secretaries s
            LEFT JOIN county_incomes ci ON ci.year = {last} AND replace(ci.county_id::text, '-', '') = split_part(s.org_path, '/', 2)
            LEFT JOIN branch_ratings r ON r.branch_id = s.branch_id AND r.year = {last} AND r.status = 'Final'
            WHERE s.status = 'Serving' AND s.org_path LIKE {like}
            ORDER BY s.org_path LIMIT {take} OFFSET {skip}
            """, r => (Id: r.GetGuid(0), Name: r.GetString(1), Branch: r.GetGuid(2), County: Guid.ParseExact(r.GetString(3), "N"),
                Income: r.IsDBNull(4) ? (decimal?)null : r.GetDecimal(4), Uplift: r.GetBoolean(5), Total: r.GetInt64(6)), ct);
        var policies = new Dictionary<Guid, Domain.Policies.BranchPolicy>();
        foreach (var county in rows.Select(x => x.County).Distinct())
            policies[county] = await ApiSupport.PolicyAsync(db, county, new DateOnly(year.Value, 1, 1), ct);
        var result = rows.Select(x => new RemunerationRow(x.Id, x.Name, x.Branch, year.Value, x.Income, x.Uplift,
            x.Income is { } income ? AppointmentRules.Remuneration(income, policies[x.County].RemunerationIncomeMultiple, x.Uplift, policies[x.County].RemunerationUpliftPercent) : null))
            .ToList();
        return TypedResults.Ok(new Page<RemunerationRow>(result, p, size, rows.Count > 0 ? rows[0].Total : 0));
    }
}
