using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Party.Members.Application;
using Party.Members.Data;
using Party.Members.Domain.Identity;
using Party.Members.Domain.Members;
using Party.Members.Domain.RuralDuties;
using Party.Messaging;
using Party.Messaging.Audit;
using Party.ServiceDefaults;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.Members.Apis;

public sealed record AssignPostRequest(Guid? MemberId, PublicServicePost? Post, [FreeText] string? Duties, List<string>? PairedHouseholds, int? Year = null);
public sealed record RegisterMobileRequest(string? ContactCadre, string? Destination, string? ContactCadreMobile = null, string? Employer = null,
    string? ContactPhone = null);
public sealed record ThoughtReportRequest(Guid? MemberId, DateOnly? ReceivedOn, [FreeText] string? Summary);
public sealed record VisitRequest(Guid? MemberId, DateOnly? VisitedOn, string? Visitor, [FreeText] string? Notes = null);
public sealed record DutyAlert(Guid MemberId, string Name, Guid BranchId, DateOnly? LastOn);

/// <summary>Duties by rural category (农村党员分类管理, §3.6): posts and pairing, mobile members' contact and thought reports, visits to the elderly.</summary>
public static partial class RuralDutiesApi
{
    public static IEndpointRouteBuilder MapRuralDutiesApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/members/rural-duties").WithTags("RuralDuties").RequireRole(ApiSupport.OfficeRoles);
        g.MapPost("/posts", AssignPost).WithName("AssignPublicServicePost").WithSummary("在家无职党员设岗定责，并结对 1–23 户困难户。");
        g.MapGet("/posts", ListPosts).WithName("ListPublicServicePosts").WithSummary("分页列出设岗定责。");
        g.MapPut("/mobile/{memberId:guid}", RegisterMobile).WithName("RegisterMobileMember").WithSummary("流动党员登记：联系干部、流入地、工作单位、联系方式。");
        g.MapGet("/mobile/{memberId:guid}", GetMobile).WithName("GetMobileMember").WithSummary("查看流动党员登记。");
        g.MapPost("/thought-reports", AddThoughtReport).WithName("AddThoughtReport").WithSummary("登记流动党员的思想汇报。");
        g.MapPost("/visits", AddVisit).WithName("AddVisit").WithSummary("登记对年老体弱党员的走访。");
        g.MapGet("/alerts/thought-reports", ThoughtReportAlerts).WithName("ThoughtReportAlerts").WithSummary("预警：流动党员超过 6 个月未交思想汇报（失联风险）。");
        g.MapGet("/alerts/visits", VisitAlerts).WithName("VisitAlerts").WithSummary("提醒：本月尚未走访的年老体弱党员。");
        return app;
    }

    private static async Task<RuralDutySettings> SettingsAsync(MembersDbContext db, DateOnly on, CancellationToken ct) =>
        await db.Set<RuralDutySettings>().AsNoTracking().Where(s => s.EffectiveFrom <= on).OrderByDescending(s => s.EffectiveFrom).FirstOrDefaultAsync(ct)
        ?? RuralDutySettings.Defaults();

    private static void RequireCategory(Member m, RuralCategory category, string duty)
    {
        if (m.RuralCategory != category)
            throw new DomainException("rural_duties.wrong_category", $"{duty}只适用于{Name(category)}；该党员的分类为{(m.RuralCategory is { } c ? Name(c) : "未分类")}。");
    }

    private static string Name(RuralCategory c) => c switch
    {
        RuralCategory.IncumbentCadre => "村组干部在职党员",
        RuralCategory.NoPostAtHome => "在家无职党员",
        RuralCategory.MobileAway => "外出流动党员",
        _ => "年老体弱党员",
    };

    private static async Task<Created<PostAssignment>> AssignPost(AssignPostRequest r, MembersDbContext db, OrgScope scope, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var today = clock.Today();
        var settings = await SettingsAsync(db, today, ct);
        var households = (r.PairedHouseholds ?? []).Where(h => !string.IsNullOrWhiteSpace(h)).Select(h => h.Trim()).Distinct().ToList();
        new Validator()
            .Check(r.MemberId is not null, "memberId", "请指定党员。")
            .Check(r.Year is null || r.Year == today.Year || r.Year == today.Year + 1, "year", "只能为本年度或下一年度设岗。")
            .Check(r.Post is not null, "post", "请选择服务岗位。")
            .Check(!string.IsNullOrWhiteSpace(r.Duties) && r.Duties.Length <= 2000, "duties", "岗位职责必填，最多 2000 字。")
            .Check(RuralDutyRules.ValidHouseholdCount(households.Count, settings.MaxPairedHouseholds), "pairedHouseholds",
                $"结对困难户须为 1–{settings.MaxPairedHouseholds} 户（当前 {households.Count} 户）。")
            .ThrowIfInvalid();
        var member = await MemberLookup.FindInScopeAsync(db, scope, r.MemberId!.Value, ct, tracking: false);
        RequireCategory(member, RuralCategory.NoPostAtHome, "设岗定责");
        var now = clock.GetUtcNow();
        var a = new PostAssignment
        {
            Id = Guid.CreateVersion7(), MemberId = member.Id, BranchId = member.BranchId, OrgPath = member.OrgPath, Year = r.Year ?? today.Year, Post = r.Post!.Value,
            Duties = r.Duties!.Trim(), PairedHouseholds = households, CreatedAt = now,
        };
        db.Add(a);
        db.Audit(http.User, now, AuditEntities.RuralPost, a.Id, a.OrgPath, "assigned", to: $"{a.Year} {a.Post}，结对 {households.Count} 户");
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        { throw DomainException.Conflict("rural_duties.post_exists", $"该党员 {a.Year} 年已设岗。"); }
        return TypedResults.Created($"/api/members/rural-duties/posts?memberId={member.Id}", a);
    }

    private static async Task<Ok<Page<PostAssignment>>> ListPosts(Guid? memberId, Guid? branchId, int? year, int? page, int? pageSize, MembersDbContext db, OrgScope scope, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var q = db.Set<PostAssignment>().AsNoTracking().Where(x => x.OrgPath.StartsWith(prefix));
        if (memberId is not null) q = q.Where(x => x.MemberId == memberId);
        if (branchId is not null) q = q.Where(x => x.BranchId == branchId);
        if (year is not null) q = q.Where(x => x.Year == year);
        return TypedResults.Ok(await q.OrderBy(x => x.Year).ThenBy(x => x.CreatedAt).ToPageAsync(paging, ct));
    }

    private static async Task<Ok<MobileMemberContact>> RegisterMobile(Guid memberId, RegisterMobileRequest r, MembersDbContext db, OrgScope scope, HttpContext http, TimeProvider clock,
        CancellationToken ct)
    {
        new Validator()
            .Check(!string.IsNullOrWhiteSpace(r.ContactCadre) && r.ContactCadre.Length <= 100, "contactCadre", "请指定联系干部（最多 100 字）。")
            .Check(r.ContactCadreMobile is null || MobileNumber.IsValid(r.ContactCadreMobile), "contactCadreMobile", "联系干部手机号须为 11 位、以 13–19 开头。")
            .Check(!string.IsNullOrWhiteSpace(r.Destination) && r.Destination.Length <= 200, "destination", "请填写流入地（最多 200 字）。")
            .Check(r.Employer is null || r.Employer.Length <= 200, "employer", "工作单位最多 200 字。")
            .Check(r.ContactPhone is null || MobileNumber.IsValid(r.ContactPhone), "contactPhone", "本人手机号须为 11 位、以 13–19 开头。")
            .ThrowIfInvalid();
        var member = await MemberLookup.FindInScopeAsync(db, scope, memberId, ct, tracking: false);
        RequireCategory(member, RuralCategory.MobileAway, "流动党员登记");
        var now = clock.GetUtcNow();
        var contact = await db.Set<MobileMemberContact>().FirstOrDefaultAsync(c => c.MemberId == memberId, ct);
        var from = contact is null ? null : $"{contact.ContactCadre} / {contact.Destination}";
        if (contact is null)
        {
            contact = new MobileMemberContact { MemberId = memberId, BranchId = member.BranchId, OrgPath = member.OrgPath, ContactCadre = "", Destination = "", RegisteredOn = clock.Today() };
            db.Add(contact);
        }
        else db.ApplyIfMatch(contact, http.Request);
        contact.ContactCadre = r.ContactCadre!.Trim();
        contact.ContactCadreMobile = r.ContactCadreMobile;
        contact.Destination = r.Destination!.Trim();
        contact.Employer = r.Employer?.Trim();
        contact.ContactPhone = r.ContactPhone;
        contact.UpdatedAt = now;
        db.Audit(http.User, now, AuditEntities.RuralMobileContact, memberId, member.OrgPath, from is null ? "registered" : "updated", from, $"{contact.ContactCadre} / {contact.Destination}");
        await db.SaveChangesAsync(ct);
        http.Response.Headers.ETag = ETags.Format(contact.RowVersion);
        return TypedResults.Ok(contact);
    }

    private static async Task<Ok<MobileMemberContact>> GetMobile(Guid memberId, MembersDbContext db, OrgScope scope, HttpContext http, CancellationToken ct)
    {
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var c = await db.Set<MobileMemberContact>().AsNoTracking().FirstOrDefaultAsync(x => x.MemberId == memberId && x.OrgPath.StartsWith(prefix), ct)
            ?? throw DomainException.NotFound("rural_mobile_contacts");
        http.Response.Headers.ETag = ETags.Format(c.RowVersion);
        return TypedResults.Ok(c);
    }

    private static async Task<Created<ThoughtReport>> AddThoughtReport(ThoughtReportRequest r, MembersDbContext db, OrgScope scope, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        new Validator()
            .Check(r.MemberId is not null, "memberId", "请指定党员。")
            .Check(r.ReceivedOn is { } d && d <= clock.Today(), "receivedOn", "请填写收到日期，不能晚于今天。")
            .Check(!string.IsNullOrWhiteSpace(r.Summary) && r.Summary.Length <= 2000, "summary", "请填写汇报摘要（最多 2000 字）。")
            .ThrowIfInvalid();
        var member = await MemberLookup.FindInScopeAsync(db, scope, r.MemberId!.Value, ct, tracking: false);
        RequireCategory(member, RuralCategory.MobileAway, "思想汇报登记");
        var now = clock.GetUtcNow();
        var report = new ThoughtReport { Id = Guid.CreateVersion7(), MemberId = member.Id, OrgPath = member.OrgPath, ReceivedOn = r.ReceivedOn!.Value, Summary = r.Summary!.Trim(), CreatedAt = now };
        db.Add(report);
        db.Audit(http.User, now, AuditEntities.RuralThoughtReport, report.Id, member.OrgPath, "received", to: report.ReceivedOn.ToString("yyyy-MM-dd"));
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/members/rural-duties/thought-reports/{report.Id}", report);
    }

    private static async Task<Created<VisitRecord>> AddVisit(VisitRequest r, MembersDbContext db, OrgScope scope, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        new Validator()
            .Check(r.MemberId is not null, "memberId", "请指定党员。")
            .Check(r.VisitedOn is { } d && d <= clock.Today(), "visitedOn", "请填写走访日期，不能晚于今天。")
            .Check(!string.IsNullOrWhiteSpace(r.Visitor) && r.Visitor.Length <= 100, "visitor", "请填写走访人（最多 100 字）。")
            .Check(r.Notes is null || r.Notes.Length <= 2000, "notes", "走访情况最多 2000 字。")
            .ThrowIfInvalid();
        var member = await MemberLookup.FindInScopeAsync(db, scope, r.MemberId!.Value, ct, tracking: false);
        RequireCategory(member, RuralCategory.ElderlyFrail, "走访记录");
        var now = clock.GetUtcNow();
        var visit = new VisitRecord { Id = Guid.CreateVersion7(), MemberId = member.Id, OrgPath = member.OrgPath, VisitedOn = r.VisitedOn!.Value, Visitor = r.Visitor!.Trim(), Notes = r.Notes?.Trim(), CreatedAt = now };
        db.Add(visit);
        db.Audit(http.User, now, AuditEntities.RuralVisit, visit.Id, member.OrgPath, "visited", to: $"{visit.VisitedOn:yyyy-MM-dd} {visit.Visitor}");
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/members/rural-duties/visits/{visit.Id}", visit);
    }

    private static readonly MemberStatus[] OnBooks = [MemberStatus.Active, MemberStatus.Mobile, MemberStatus.LostContact];

    /// <summary>Set-based: mobile members whose latest thought report (or registration, or record) is older than the alert horizon.</summary>
    private static async Task<Ok<Page<DutyAlert>>> ThoughtReportAlerts(int? page, int? pageSize, MembersDbContext db, OrgScope scope, TimeProvider clock, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var today = clock.Today();
        var settings = await SettingsAsync(db, today, ct);
        var cutoff = today.AddMonths(-settings.ThoughtReportAlertMonths);
        var rows = db.Set<Member>().AsNoTracking()
            .Where(m => m.OrgPath.StartsWith(prefix) && m.RuralCategory == RuralCategory.MobileAway && OnBooks.Contains(m.Status))
            .Select(m => new
            {
                m.Id, m.Name, m.BranchId,
                Last = db.Set<ThoughtReport>().Where(t => t.MemberId == m.Id).Max(t => (DateOnly?)t.ReceivedOn),
                Registered = db.Set<MobileMemberContact>().Where(c => c.MemberId == m.Id).Select(c => (DateOnly?)c.RegisteredOn).FirstOrDefault(),
                Created = m.CreatedAt,
            })
            .Where(x => (x.Last ?? x.Registered ?? DateOnly.FromDateTime(x.Created.UtcDateTime)) <= cutoff);
        return TypedResults.Ok(await rows.OrderBy(x => x.Last).ThenBy(x => x.Name).Select(x => new DutyAlert(x.Id, x.Name, x.BranchId, x.Last)).ToPageAsync(paging, ct));
    }

    /// <summary>Set-based: elderly or frail members with no visit recorded in the month.</summary>
    private static async Task<Ok<Page<DutyAlert>>> VisitAlerts(int? page, int? pageSize, MembersDbContext db, OrgScope scope, TimeProvider clock, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var today = clock.Today();
        var monthStart = new DateOnly(today.Year, today.Month, 1);
        var rows = db.Set<Member>().AsNoTracking()
            .Where(m => m.OrgPath.StartsWith(prefix) && m.RuralCategory == RuralCategory.ElderlyFrail && OnBooks.Contains(m.Status))
            .Select(m => new { m.Id, m.Name, m.BranchId, Last = db.Set<VisitRecord>().Where(v => v.MemberId == m.Id).Max(v => (DateOnly?)v.VisitedOn) })
            .Where(x => x.Last == null || x.Last < monthStart);
        return TypedResults.Ok(await rows.OrderBy(x => x.Last).ThenBy(x => x.Name).Select(x => new DutyAlert(x.Id, x.Name, x.BranchId, x.Last)).ToPageAsync(paging, ct));
    }
}
