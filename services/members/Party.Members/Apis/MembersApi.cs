using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Member = Party.Members.Domain.Members.Member;
using Npgsql;
using Party.Contracts.Members;
using Party.Members.Application;
using Party.Members.Data;
using Party.Members.Domain.Development;
using Party.Members.Domain.Identity;
using Party.Members.Domain.Members;
using Party.Members.Domain.Points;
using Party.Messaging;
using Party.Messaging.Audit;
using Party.Messaging.OrgUnits;
using Party.ServiceDefaults;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.Members.Apis;

/// <summary>The date of the stage the person is in is required (no stage = applicant); earlier stages' dates may be given, later ones not.</summary>
public sealed record CreateMemberRequest(Guid? BranchId, string? Name, string? Ethnicity, string? CitizenId, string? Education = null, string? Mobile = null,
    MemberStage? Stage = null, RuralCategory? RuralCategory = null, MemberStatus? Status = null,
    [RequiredWhen("stage", "applicant", WhenAbsent = true)] DateOnly? AppliedOn = null, [RequiredWhen("stage", "activist")] DateOnly? ActivistOn = null,
    [RequiredWhen("stage", "candidate")] DateOnly? CandidateOn = null, [RequiredWhen("stage", "probationary")] DateOnly? ProbationaryOn = null,
    [RequiredWhen("stage", "full")] DateOnly? FullOn = null, string? NativePlace = null, string? WorkUnit = null, [FreeText] string? Notes = null);

/// <summary>Personal data and branch; stage and status change only through their own commands. <c>citizenId</c> null keeps the current one.</summary>
public sealed record UpdateMemberRequest(Guid? BranchId, string? Name, string? Ethnicity, string? CitizenId = null, string? Education = null, string? Mobile = null,
    RuralCategory? RuralCategory = null, string? NativePlace = null, string? WorkUnit = null, [FreeText] string? Notes = null, [FreeText] string? Reason = null);

public sealed record ChangeStatusRequest(MemberStatus? Status, [FreeText] string? Reason);
public sealed record RecordDuesRequest(DateOnly? PaidOn, decimal? Amount, [FreeText] string? Note = null);

public sealed record MemberResponse(
    Guid Id, string Name, Sex Sex, string Ethnicity, DateOnly BirthDate, int Age, string CitizenId, bool CitizenIdMasked,
    string? Education, string? Mobile, Guid BranchId, string? BranchName, MemberStage Stage, RuralCategory? RuralCategory, MemberStatus Status,
    DateOnly? AppliedOn, DateOnly? ActivistOn, DateOnly? CandidateOn, DateOnly? ProbationaryOn, DateOnly? ProbationEndsOn,
    int? ProbationExtendedMonths, DateOnly? FullOn, string? NativePlace, string? WorkUnit, string? Notes, bool PriorityCandidate,
    Grade? LastAnnualGrade, int? LastAnnualGradeYear, DateOnly? LastOrganizationLifeOn, DateOnly? LastDuesPaidOn,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record DuesPaymentResponse(Guid Id, Guid MemberId, DateOnly PaidOn, decimal Amount, string? Note, DateTimeOffset RecordedAt);

/// <summary>Search filters of the member list and its .xlsx export; enum filters take the camelCase names used in bodies (e.g. <c>stage=full</c>).</summary>
public sealed record MemberFilter(string? Name, Guid? BranchId, [QueryEnum(typeof(MemberStage))] string? Stage, [QueryEnum(typeof(RuralCategory))] string? Category,
    [QueryEnum(typeof(MemberStatus))] string? Status, int? MinAge, int? MaxAge);

public static class MembersApi
{
    public const string PiiScope = "pii.read";

    public static IEndpointRouteBuilder MapMembersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/members/members").WithTags("Members");
        group.MapPost("/", Create).WithName("CreateMember").WithSummary("新建党员（或入党申请人）档案；支部须在管辖范围内且未撤销。");
        group.MapGet("/{id:guid}", Get).WithName("GetMember").WithSummary("查看党员档案；无 pii.read 权限时身份证号脱敏。");
        group.MapPut("/{id:guid}", Update).WithName("UpdateMember").WithSummary("修改党员基本信息（支持 If-Match，过期返回 412）。");
        group.MapGet("/", List).WithName("ListMembers").WithSummary("按姓名、支部（含下级）、阶段、类别、状态、年龄段分页查询。");
        group.MapGet("/export.xlsx", Export).WithName("ExportMembers").WithSummary("按相同条件导出 Excel。");
        group.MapPost("/{id:guid}/status", ChangeStatus).WithName("ChangeMemberStatus").WithSummary("变更党员状态（正常、流动、失联、转出、去世）。");
        group.MapPost("/{id:guid}/dues", RecordDues).WithName("RecordDuesPayment").WithSummary("登记党费缴纳（失联判定依据之一）。");
        group.MapGet("/{id:guid}/dues", ListDues).WithName("ListDuesPayments").WithSummary("党费缴纳记录。");
        group.MapGet("/{id:guid}/history", History).WithName("MemberHistory").WithSummary("全程记实：该党员的全部变更记录。");
        app.MapGet("/api/members/audit", Audit).WithTags("Audit").WithName("MembersAudit").WithSummary("全程记实：管辖范围内的变更记录。");
        return app;
    }

    /// <param name="lastAssessment">The member's latest year-end result, served as <c>lastAnnualGrade</c>/<c>lastAnnualGradeYear</c>.</param>
    public static MemberResponse ToResponse(Member m, ClaimsPrincipal user, DateOnly today, AnnualStanding? lastAssessment, string? branchName = null)
    {
        var masked = !user.HasScope(PiiScope);
        return new(m.Id, m.Name, m.Sex, m.Ethnicity, m.BirthDate, CitizenId.AgeOn(m.BirthDate, today), masked ? CitizenId.Mask(m.CitizenId) : m.CitizenId,
            masked, m.Education, m.Mobile, m.BranchId, branchName, m.Stage, m.RuralCategory, m.Status, m.AppliedOn, m.ActivistOn, m.CandidateOn,
            m.ProbationaryOn, m.ProbationEndsOn, m.ProbationExtendedMonths, m.FullOn, m.NativePlace, m.WorkUnit, m.Notes, m.PriorityCandidate,
            lastAssessment?.Grade, lastAssessment?.Year, m.LastOrganizationLifeOn, m.LastDuesPaidOn, m.CreatedAt, m.UpdatedAt);
    }

    private static async Task<Created<MemberResponse>> Create(CreateMemberRequest request, MembersDbContext db, OrgScope scope, HttpContext http,
        TimeProvider clock, CancellationToken ct)
    {
        var today = clock.Today();
        var input = ToInput(request);
        var v = new Validator().Check(request.BranchId is not null, "branchId", "请选择所在党支部。");
        foreach (var (field, message) in MemberInputRules.Check(input, today, isNew: true)) v.Check(false, field, message);
        v.ThrowIfInvalid();
        var branch = await MemberLookup.ResolveBranchAsync(db, scope, request.BranchId!.Value, ct);
        MemberLookup.EnsureCategoryFits(branch, request.RuralCategory);
        var id = CitizenId.TryParse(request.CitizenId, today, out _)!;
        if (await db.Set<Member>().AnyAsync(m => m.CitizenId == id.Normalized, ct)) throw MemberRecords.CitizenIdTaken();

        var now = clock.GetUtcNow();
        var member = new Member { Id = Guid.CreateVersion7(), Name = "", Ethnicity = "", CitizenId = "", OrgPath = branch.Path, BranchId = branch.Id, CreatedAt = now, UpdatedAt = now };
        MemberInputRules.ApplyPersonal(member, input, id);
        MemberInputRules.ApplyStage(member, input);
        db.Set<Member>().Add(member);
        db.Set<DevelopmentRecord>().Add(new DevelopmentRecord { MemberId = member.Id });
        db.Audit(http.User, now, AuditEntities.Member, member.Id, member.OrgPath, "created", to: $"{member.Name} {member.Stage} {member.Status}");
        MemberEvents.AddRegistered(db, member, "created", today, now);
        await MemberRecords.SaveAsync(db, ct);
        http.Response.Headers.ETag = ETags.Format(member.RowVersion);
        return TypedResults.Created($"/api/members/members/{member.Id}", ToResponse(member, http.User, today, lastAssessment: null, branch.Name));
    }

    private static async Task<Ok<MemberResponse>> Get(Guid id, MembersDbContext db, OrgScope scope, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var member = await MemberLookup.FindInScopeAsync(db, scope, id, ct, tracking: false);
        var branchName = await db.OrgUnits.Where(u => u.Id == member.BranchId).Select(u => u.Name).FirstOrDefaultAsync(ct);
        var standings = await db.StandingsAsync(member.Id, ct);
        http.Response.Headers.ETag = ETags.Format(member.RowVersion);
        return TypedResults.Ok(ToResponse(member, http.User, clock.Today(), standings.Last, branchName));
    }

    private static async Task<Ok<MemberResponse>> Update(Guid id, UpdateMemberRequest request, MembersDbContext db, OrgScope scope, HttpContext http,
        TimeProvider clock, CancellationToken ct)
    {
        var today = clock.Today();
        // The citizen ID is sent only to correct it (callers without pii.read never see it in full): left out, it is not checked.
        var input = new MemberInput
        {
            Name = request.Name, Ethnicity = request.Ethnicity, CitizenId = request.CitizenId, Education = request.Education, Mobile = request.Mobile,
            RuralCategory = request.RuralCategory, NativePlace = request.NativePlace, WorkUnit = request.WorkUnit, Notes = request.Notes,
        };
        var v = new Validator().Check(request.BranchId is not null, "branchId", "请选择所在党支部。");
        foreach (var (field, message) in MemberInputRules.Check(input, today, isNew: false))
            if (field != "citizenId" || request.CitizenId is not null) v.Check(false, field, message);
        v.ThrowIfInvalid();
        var member = await MemberLookup.FindInScopeAsync(db, scope, id, ct);
        db.ApplyIfMatch(member, http.Request);
        input = input with { CitizenId = request.CitizenId ?? member.CitizenId };
        var branch = member.BranchId == request.BranchId
            ? await db.OrgUnits.AsNoTracking().FirstAsync(u => u.Id == member.BranchId, ct)
            : await MemberLookup.ResolveBranchAsync(db, scope, request.BranchId!.Value, ct);
        MemberLookup.EnsureCategoryFits(branch, request.RuralCategory);
        var cid = CitizenId.TryParse(input.CitizenId, today, out _)!;
        if (cid.Normalized != member.CitizenId && await db.Set<Member>().AnyAsync(m => m.CitizenId == cid.Normalized && m.Id != member.Id, ct))
            throw MemberRecords.CitizenIdTaken();

        var now = clock.GetUtcNow();
        var before = Describe(member);
        var oldBranch = member.BranchId;
        MemberInputRules.ApplyPersonal(member, input, cid);
        member.BranchId = branch.Id;
        member.OrgPath = branch.Path;
        member.UpdatedAt = now;
        db.Audit(http.User, now, AuditEntities.Member, member.Id, member.OrgPath, oldBranch == branch.Id ? "updated" : "branch_changed", before, Describe(member), request.Reason);
        if (oldBranch != branch.Id) MemberEvents.AddTransferred(db, member, oldBranch, today, now);
        await MemberRecords.SaveAsync(db, ct);
        var standings = await db.StandingsAsync(member.Id, ct);
        http.Response.Headers.ETag = ETags.Format(member.RowVersion);
        return TypedResults.Ok(ToResponse(member, http.User, today, standings.Last, branch.Name));
    }

    private static async Task<Ok<Page<MemberResponse>>> List([AsParameters] MemberFilter filter, int? page, int? pageSize, MembersDbContext db,
        OrgScope scope, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var (skip, take, p, size) = Paging.Resolve(page, pageSize);
        var today = clock.Today();
        var query = await FilterAsync(db, scope, filter, today, ct);
        var total = await query.LongCountAsync(ct);
        var rows = await WithBranchName(db, query.OrderBy(m => m.Name).ThenBy(m => m.Id).Skip(skip).Take(take)).ToListAsync(ct);
        var standings = await db.StandingsAsync(rows.Select(r => r.Member.Id).ToList(), ct);
        return TypedResults.Ok(new Page<MemberResponse>(
            rows.Select(r => ToResponse(r.Member, http.User, today, standings.GetValueOrDefault(r.Member.Id)?.Last, r.BranchName)).ToList(), p, size, total));
    }

    private static async Task<FileContentHttpResult> Export([AsParameters] MemberFilter filter, MembersDbContext db, OrgScope scope, HttpContext http,
        TimeProvider clock, CancellationToken ct)
    {
        var today = clock.Today();
        var query = await FilterAsync(db, scope, filter, today, ct);
        var rows = await WithBranchName(db, query.OrderBy(m => m.OrgPath).ThenBy(m => m.Name)).ToListAsync(ct);
        // The sheet keeps the import's column layout, which has no grade, so the export reads no assessments.
        var sheet = rows.Select(r => SheetRow(ToResponse(r.Member, http.User, today, lastAssessment: null, r.BranchName), r.BranchCode)).ToList();
        // An empty result still gets the header row, so the file shows what it would contain.
        if (sheet.Count == 0) sheet.Add(SheetRow(null, null));
        return await Spreadsheets.FileAsync(sheet, $"members-{today:yyyyMMdd}.xlsx", ct);
    }

    private static async Task<Ok<MemberResponse>> ChangeStatus(Guid id, ChangeStatusRequest request, MembersDbContext db, OrgScope scope,
        HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        new Validator()
            .Check(request.Status is not null, "status", "请选择新状态。")
            .Check(!string.IsNullOrWhiteSpace(request.Reason) && request.Reason.Length <= 1000, "reason", "请说明变更理由（最多 1000 字）。")
            .ThrowIfInvalid();
        var member = await MemberLookup.FindInScopeAsync(db, scope, id, ct);
        db.ApplyIfMatch(member, http.Request);
        if (MemberStatusRules.CheckManualChange(member.Status, request.Status!.Value) is { } refused)
            throw new DomainException(refused.Code, refused.Detail, 409);
        var now = clock.GetUtcNow();
        MemberStatusChanges.SetStatus(db, http.User, member, request.Status.Value, request.Reason!.Trim(), now);
        await MemberRecords.SaveAsync(db, ct);
        var standings = await db.StandingsAsync(member.Id, ct);
        http.Response.Headers.ETag = ETags.Format(member.RowVersion);
        return TypedResults.Ok(ToResponse(member, http.User, clock.Today(), standings.Last));
    }

    private static async Task<Created<DuesPaymentResponse>> RecordDues(Guid id, RecordDuesRequest request, MembersDbContext db, OrgScope scope,
        HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var today = clock.Today();
        new Validator()
            .Check(request.PaidOn is { } d && d <= today, "paidOn", "请填写缴纳日期，且不能晚于今天。")
            .Check(request.Amount is > 0m and < 1_000_000m && decimal.Round(request.Amount.Value, 2) == request.Amount, "amount", "缴纳金额须大于 0，最多两位小数。")
            .Check((request.Note?.Length ?? 0) <= 500, "note", "备注最多 500 字。")
            .ThrowIfInvalid();
        var member = await MemberLookup.FindInScopeAsync(db, scope, id, ct);
        var now = clock.GetUtcNow();
        var payment = new DuesPayment
        {
            Id = Guid.CreateVersion7(), MemberId = member.Id, OrgPath = member.OrgPath, PaidOn = request.PaidOn!.Value, Amount = request.Amount!.Value,
            Note = request.Note, RecordedBy = http.User.Actor(), RecordedAt = now,
        };
        db.Set<DuesPayment>().Add(payment);
        if (member.LastDuesPaidOn is null || member.LastDuesPaidOn < payment.PaidOn) member.LastDuesPaidOn = payment.PaidOn;
        member.UpdatedAt = now;
        db.Audit(http.User, now, AuditEntities.Member, member.Id, member.OrgPath, "dues_paid", to: $"{payment.PaidOn:yyyy-MM-dd} {payment.Amount:0.00}", reason: request.Note);
        await MemberRecords.SaveAsync(db, ct);
        return TypedResults.Created($"/api/members/members/{member.Id}/dues", ToDues(payment));
    }

    private static async Task<Ok<Page<DuesPaymentResponse>>> ListDues(Guid id, int? page, int? pageSize, MembersDbContext db, OrgScope scope, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var member = await MemberLookup.FindInScopeAsync(db, scope, id, ct, tracking: false);
        var query = db.Set<DuesPayment>().AsNoTracking().Where(d => d.MemberId == member.Id);
        return TypedResults.Ok(await query.OrderByDescending(d => d.PaidOn).ThenByDescending(d => d.Id).ToPageAsync(paging, ToDues, ct));
    }

    private static DuesPaymentResponse ToDues(DuesPayment d) => new(d.Id, d.MemberId, d.PaidOn, d.Amount, d.Note, d.RecordedAt);

    private static async Task<Ok<Page<AuditEntry>>> History(Guid id, int? page, int? pageSize, MembersDbContext db, OrgScope scope, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var member = await MemberLookup.FindInScopeAsync(db, scope, id, ct, tracking: false);
        var key = member.Id.ToString();
        // Everything recorded about the member: its record, its development pipeline and its sanctions.
        var query = db.AuditEntries.AsNoTracking().Where(a => a.EntityId == key && (a.Entity == AuditEntities.Member || a.Entity == AuditEntities.Development || a.Entity == AuditEntities.Sanction));
        return TypedResults.Ok(await query.OrderBy(a => a.Id).ToPageAsync(paging, ct));
    }

    private static async Task<Ok<Page<AuditEntry>>> Audit(string? entity, string? entityId, int? page, int? pageSize, MembersDbContext db, OrgScope scope,
        CancellationToken ct) =>
        TypedResults.Ok(await db.PageInScopeAsync(await scope.CallerPathOrNothingAsync(ct), entity, entityId, page, pageSize, ct));

    private static async Task<IQueryable<Member>> FilterAsync(MembersDbContext db, OrgScope scope, MemberFilter f, DateOnly today, CancellationToken ct)
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
            prefix = await db.OrgUnits.AsNoTracking().Where(u => u.Id == under && u.Path.StartsWith(prefix)).Select(u => u.Path).FirstOrDefaultAsync(ct)
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

    private sealed record MemberWithBranch(Member Member, string? BranchName, string? BranchCode);

    /// <summary>One row of the member sheet in the column layout the import reads (<see cref="MemberSheet"/>).</summary>
    private static Dictionary<string, object?> SheetRow(MemberResponse? m, string? branchCode) => new()
    {
        [MemberSheet.Name] = m?.Name, [MemberSheet.Sex] = m is null ? null : m.Sex == Sex.Male ? "男" : "女", [MemberSheet.Ethnicity] = m?.Ethnicity,
        [MemberSheet.BirthDate] = Fmt(m?.BirthDate), [MemberSheet.Age] = m?.Age, [MemberSheet.CitizenId] = m?.CitizenId, [MemberSheet.Education] = m?.Education,
        [MemberSheet.Mobile] = m?.Mobile, [MemberSheet.BranchCode] = branchCode, [MemberSheet.BranchName] = m?.BranchName,
        [MemberSheet.Stage] = m is null ? null : DevelopmentGuards.StageName(m.Stage),
        [MemberSheet.Category] = m?.RuralCategory is { } c ? MemberSheet.CategoryName(c) : null,
        [MemberSheet.Status] = m is null ? null : DevelopmentGuards.StatusName(m.Status),
        [MemberSheet.AppliedOn] = Fmt(m?.AppliedOn), [MemberSheet.ActivistOn] = Fmt(m?.ActivistOn), [MemberSheet.CandidateOn] = Fmt(m?.CandidateOn),
        [MemberSheet.ProbationaryOn] = Fmt(m?.ProbationaryOn), [MemberSheet.FullOn] = Fmt(m?.FullOn),
        [MemberSheet.NativePlace] = m?.NativePlace, [MemberSheet.WorkUnit] = m?.WorkUnit, [MemberSheet.Notes] = m?.Notes,
    };

    private static IQueryable<MemberWithBranch> WithBranchName(MembersDbContext db, IQueryable<Member> query) =>
        from m in query
        join u in db.OrgUnits on m.BranchId equals u.Id into units
        from u in units.DefaultIfEmpty()
        select new MemberWithBranch(m, u == null ? null : u.Name, u == null ? null : u.Code);

    private static MemberInput ToInput(CreateMemberRequest r) => new()
    {
        Name = r.Name, Ethnicity = r.Ethnicity, CitizenId = r.CitizenId, Education = r.Education, Mobile = r.Mobile, Stage = r.Stage,
        RuralCategory = r.RuralCategory, Status = r.Status, AppliedOn = r.AppliedOn, ActivistOn = r.ActivistOn, CandidateOn = r.CandidateOn,
        ProbationaryOn = r.ProbationaryOn, FullOn = r.FullOn, NativePlace = r.NativePlace, WorkUnit = r.WorkUnit, Notes = r.Notes,
    };

    private static string Describe(Member m) =>
        $"{m.Name}|{m.Ethnicity}|{CitizenId.Mask(m.CitizenId)}|{m.Education}|{m.Mobile}|{m.BranchId}|{m.RuralCategory}|{m.NativePlace}|{m.WorkUnit}";

    private static string? Fmt(DateOnly? d) => d?.ToString("yyyy-MM-dd");

}
