using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Party.Common;
using Party.Members.Application;
using Party.Members.Data;
using Party.Members.Domain.Identity;
using Party.Members.Domain.Members;
using Party.Members.Domain.Points;
using Party.Persistence;
using Party.Persistence.Audit;
using Party.ServiceDefaults;
using Party.ServiceDefaults.Auth;
using Member = Party.Members.Domain.Members.Member;

namespace Party.Members.Apis;

/// <summary>
/// The member register (党员名册, §3.1): records, status, dues, history; the commands themselves are in <see cref="MemberRegister"/>.
/// </summary>
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
        group.MapGet("/export.xlsx", Export).ProducesSheet().WithName("ExportMembers").WithSummary("按相同条件导出 Excel。");
        group.MapPost("/{id:guid}/status", ChangeStatus).WithName("ChangeMemberStatus").WithSummary("变更党员状态（正常、流动、失联、转出、去世）。");
        group.MapPost("/{id:guid}/dues", RecordDues).WithName("RecordDuesPayment").WithSummary("登记党费缴纳（失联判定依据之一）。");
        group.MapGet("/{id:guid}/dues", ListDues).WithName("ListDuesPayments").WithSummary("党费缴纳记录。");
        group.MapGet("/{id:guid}/history", History).WithName("MemberHistory").WithSummary("全程记实：该党员的全部变更记录。");
        app.MapGet("/api/members/audit", Audit).WithTags("Audit").WithName("MembersAudit").WithSummary("全程记实：管辖范围内的变更记录。");
        return app;
    }

    /// <param name="lastAssessment">The member's latest year-end result, served as
    /// <c>lastAnnualGrade</c>/<c>lastAnnualGradeYear</c>.</param>
    public static MemberResponse ToResponse(Member m, ClaimsPrincipal user, DateOnly today, AnnualStanding? lastAssessment,
        string? branchName = null)
    {
        var masked = !user.HasScope(PiiScope);
        return new(m.Id, m.Name, m.Sex, m.Ethnicity, m.BirthDate, CitizenId.AgeOn(m.BirthDate, today),
            masked ? CitizenId.Mask(m.CitizenId) : m.CitizenId,
            masked, m.Education, m.Mobile, m.BranchId, branchName, m.Stage, m.RuralCategory, m.Status, m.AppliedOn, m.ActivistOn,
            m.CandidateOn,
            m.ProbationaryOn, m.ProbationEndsOn, m.ProbationExtendedMonths, m.FullOn, m.NativePlace, m.WorkUnit, m.Notes,
            m.PriorityCandidate,
            lastAssessment?.Grade, lastAssessment?.Year, m.LastOrganizationLifeOn, m.LastDuesPaidOn, m.CreatedAt, m.UpdatedAt);
    }

    private static async Task<Created<MemberResponse>> Create(CreateMemberRequest request, [AsParameters] MembersServices services,
        CancellationToken ct)
    {
        var (member, branchName) = await MemberRegister.CreateAsync(services, request, ct);
        services.Http.Response.Headers.ETag = ETags.Format(member.RowVersion);
        return TypedResults.Created($"/api/members/members/{member.Id}",
            ToResponse(member, services.User, services.Clock.Today(), lastAssessment: null, branchName));
    }

    private static async Task<Ok<MemberResponse>> Get(Guid id, [AsParameters] MembersServices services, CancellationToken ct)
    {
        var member = await MemberLookup.FindInScopeAsync(services.Db, services.Scope, id, ct, tracking: false);
        var branchName = await services.Db.OrgUnits.Where(u => u.Id == member.BranchId).Select(u => u.Name).FirstOrDefaultAsync(ct);
        return await AnswerAsync(services, member, branchName, ct);
    }

    private static async Task<Ok<MemberResponse>> Update(Guid id, UpdateMemberRequest request, [AsParameters] MembersServices services,
        CancellationToken ct)
    {
        var (member, branchName) = await MemberRegister.UpdateAsync(services, id, request, ct);
        return await AnswerAsync(services, member, branchName, ct);
    }

    private static async Task<Ok<MemberResponse>> ChangeStatus(Guid id, ChangeStatusRequest request,
        [AsParameters] MembersServices services,
        CancellationToken ct) =>
        await AnswerAsync(services, await MemberRegister.ChangeStatusAsync(services, id, request, ct), branchName: null, ct);

    /// <summary>The member as it now stands, with its latest year-end result and its version as the ETag (for If-Match).</summary>
    private static async Task<Ok<MemberResponse>> AnswerAsync(MembersServices services, Member member, string? branchName,
        CancellationToken ct)
    {
        var standings = await services.Db.StandingsAsync(member.Id, ct);
        services.Http.Response.Headers.ETag = ETags.Format(member.RowVersion);
        return TypedResults.Ok(ToResponse(member, services.User, services.Clock.Today(), standings.Last, branchName));
    }

    private static async Task<Ok<Page<MemberResponse>>> List([AsParameters] MemberFilter filter, int? page, int? pageSize,
        [AsParameters] MembersServices services, CancellationToken ct)
    {
        var (skip, take, p, size) = Paging.Resolve(page, pageSize);
        var today = services.Clock.Today();
        var query = await MemberSearch.FilterAsync(services.Db, services.Scope, filter, today, ct);
        var total = await query.LongCountAsync(ct);
        var rows = await MemberSearch.WithBranchName(services.Db, query.OrderBy(m => m.Name).ThenBy(m => m.Id).Skip(skip).Take(take))
            .ToListAsync(ct);
        var standings = await services.Db.StandingsAsync(rows.Select(r => r.Member.Id).ToList(), ct);
        var members = rows
            .Select(r => ToResponse(r.Member, services.User, today, standings.GetValueOrDefault(r.Member.Id)?.Last, r.BranchName))
            .ToList();
        return TypedResults.Ok(new Page<MemberResponse>(members, p, size, total));
    }

    private static async Task<FileContentHttpResult> Export([AsParameters] MemberFilter filter, [AsParameters] MembersServices services,
        CancellationToken ct)
    {
        var today = services.Clock.Today();
        var query = await MemberSearch.FilterAsync(services.Db, services.Scope, filter, today, ct);
        var rows = await MemberSearch.WithBranchName(services.Db, query.OrderBy(m => m.OrgPath).ThenBy(m => m.Name)).ToListAsync(ct);
        // The sheet keeps the import's column layout, which has no grade, so the export reads no assessments.
        var sheet = rows
            .Select(r => MemberSearch.SheetRow(ToResponse(r.Member, services.User, today, lastAssessment: null, r.BranchName),
                r.BranchCode))
            .ToList();
        // An empty result still gets the header row, so the file shows what it would contain.
        if (sheet.Count == 0) sheet.Add(MemberSearch.SheetRow(null, null));
        return await Spreadsheets.FileAsync(sheet, $"members-{today:yyyyMMdd}.xlsx", ct);
    }

    private static async Task<Created<DuesPaymentResponse>> RecordDues(Guid id, RecordDuesRequest request,
        [AsParameters] MembersServices services,
        CancellationToken ct)
    {
        var payment = await MemberRegister.RecordDuesAsync(services, id, request, ct);
        return TypedResults.Created($"/api/members/members/{payment.MemberId}/dues", ToDues(payment));
    }

    private static async Task<Ok<Page<DuesPaymentResponse>>> ListDues(Guid id, int? page, int? pageSize,
        [AsParameters] MembersServices services,
        CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var member = await MemberLookup.FindInScopeAsync(services.Db, services.Scope, id, ct, tracking: false);
        var query = services.Db.Set<DuesPayment>().AsNoTracking().Where(d => d.MemberId == member.Id);
        return TypedResults.Ok(await query.OrderByDescending(d => d.PaidOn).ThenByDescending(d => d.Id).ToPageAsync(paging, ToDues, ct));
    }

    private static DuesPaymentResponse ToDues(DuesPayment d) => new(d.Id, d.MemberId, d.PaidOn, d.Amount, d.Note, d.RecordedAt);

    private static async Task<Ok<Page<AuditEntry>>> History(Guid id, int? page, int? pageSize, [AsParameters] MembersServices services,
        CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var member = await MemberLookup.FindInScopeAsync(services.Db, services.Scope, id, ct, tracking: false);
        var key = member.Id.ToString();
        // Everything recorded about the member: its record, its development pipeline and its sanctions.
        var query = services.Db.AuditEntries.AsNoTracking().Where(a => a.EntityId == key
            && (a.Entity == AuditEntities.Member || a.Entity == AuditEntities.Development || a.Entity == AuditEntities.Sanction));
        return TypedResults.Ok(await query.OrderBy(a => a.Id).ToPageAsync(paging, ct));
    }

    private static async Task<Ok<Page<AuditEntry>>> Audit(string? entity, string? entityId, int? page, int? pageSize,
        [AsParameters] MembersServices services, CancellationToken ct) =>
        TypedResults.Ok(await services.Db.PageInScopeAsync(await services.Scope.CallerPathOrNothingAsync(ct), entity, entityId, page,
            pageSize, ct));
}
