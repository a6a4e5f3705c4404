using Microsoft.EntityFrameworkCore;
using Npgsql;
using Party.Common;
using Party.Members.Apis;
using Party.Members.Data;
using Party.Members.Domain.Identity;
using Party.Members.Domain.Members;
using Party.Members.Domain.RuralDuties;
using Party.Persistence;
using Party.Persistence.Audit;
using Party.ServiceDefaults;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.Members.Application;

/// <summary>
/// Duties by rural category (§3.6): posts, mobile members' contacts, thought reports and visits, each checked against the
/// member's category.
/// </summary>
public static class RuralDutyRecords
{
    private static readonly MemberStatus[] OnBooks = [MemberStatus.Active, MemberStatus.Mobile, MemberStatus.LostContact];

    public static async Task<PostAssignment> AssignPostAsync(MembersServices services, AssignPostRequest r, CancellationToken ct)
    {
        var today = services.Clock.Today();
        var settings = await SettingsAsync(services.Db, today, ct);
        var households = (r.PairedHouseholds ?? []).Where(h => !string.IsNullOrWhiteSpace(h)).Select(h => h.Trim()).Distinct().ToList();
        new Validator()
            .Check(r.MemberId is not null, "memberId", "请指定党员。")
            .Check(r.Year is null || r.Year == today.Year || r.Year == today.Year + 1, "year", "只能为本年度或下一年度设岗。")
            .Check(r.Post is not null, "post", "请选择服务岗位。")
            .Check(!string.IsNullOrWhiteSpace(r.Duties) && r.Duties.Length <= 2000, "duties", "岗位职责必填，最多 2000 字。")
            .Check(RuralDutyRules.ValidHouseholdCount(households.Count, settings.MaxPairedHouseholds), "pairedHouseholds",
                $"结对困难户须为 1–{settings.MaxPairedHouseholds} 户（当前 {households.Count} 户）。")
            .ThrowIfInvalid();
        var member = await MemberLookup.FindInScopeAsync(services.Db, services.Scope, r.MemberId!.Value, ct, tracking: false);
        RequireCategory(member, RuralCategory.NoPostAtHome, "设岗定责");
        var now = services.Clock.GetUtcNow();
        var a = new PostAssignment
        {
            Id = Guid.CreateVersion7(), MemberId = member.Id, BranchId = member.BranchId, OrgPath = member.OrgPath, Year = r.Year
            ?? today.Year, Post = r.Post!.Value,
            Duties = r.Duties!.Trim(), PairedHouseholds = households, CreatedAt = now,
        };
        services.Db.Add(a);
        services.Db.Audit(services.User, now, AuditEntities.RuralPost, a.Id, a.OrgPath, "assigned",
            to: $"{a.Year} {a.Post}，结对 {households.Count} 户");
        try { await services.Db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        { throw DomainException.Conflict("rural_duties.post_exists", $"该党员 {a.Year} 年已设岗。"); }
        return a;
    }

    public static async Task<MobileMemberContact> RegisterMobileAsync(MembersServices services, Guid memberId, RegisterMobileRequest r,
        CancellationToken ct)
    {
        new Validator()
            .Check(!string.IsNullOrWhiteSpace(r.ContactCadre) && r.ContactCadre.Length <= 100, "contactCadre", "请指定联系干部（最多 100 字）。")
            .Check(r.ContactCadreMobile is null || MobileNumber.IsValid(r.ContactCadreMobile), "contactCadreMobile",
                "联系干部手机号须为 11 位、以 13–19 开头。")
            .Check(!string.IsNullOrWhiteSpace(r.Destination) && r.Destination.Length <= 200, "destination", "请填写流入地（最多 200 字）。")
            .Check(r.Employer is null || r.Employer.Length <= 200, "employer", "工作单位最多 200 字。")
            .Check(r.ContactPhone is null || MobileNumber.IsValid(r.ContactPhone), "contactPhone", "本人手机号须为 11 位、以 13–19 开头。")
            .ThrowIfInvalid();
        var member = await MemberLookup.FindInScopeAsync(services.Db, services.Scope, memberId, ct, tracking: false);
        RequireCategory(member, RuralCategory.MobileAway, "流动党员登记");
        var now = services.Clock.GetUtcNow();
        var contact = await services.Db.Set<MobileMemberContact>().FirstOrDefaultAsync(c => c.MemberId == memberId, ct);
        var from = contact is null ? null : $"{contact.ContactCadre} / {contact.Destination}";
        if (contact is null)
        {
            contact = new MobileMemberContact { MemberId = memberId, BranchId = member.BranchId, OrgPath = member.OrgPath,
                ContactCadre = "", Destination = "", RegisteredOn = services.Clock.Today() };
            services.Db.Add(contact);
        }
        else services.Db.ApplyIfMatch(contact, services.Http.Request);
        contact.ContactCadre = r.ContactCadre!.Trim();
        contact.ContactCadreMobile = r.ContactCadreMobile;
        contact.Destination = r.Destination!.Trim();
        contact.Employer = r.Employer?.Trim();
        contact.ContactPhone = r.ContactPhone;
        contact.UpdatedAt = now;
        services.Db.Audit(services.User, now, AuditEntities.RuralMobileContact, memberId, member.OrgPath,
            from is null ? "registered" : "updated", from, $"{contact.ContactCadre} / {contact.Destination}");
        await services.Db.SaveChangesAsync(ct);
        services.Http.Response.Headers.ETag = ETags.Format(contact.RowVersion);
        return contact;
    }

    public static async Task<ThoughtReport> AddThoughtReportAsync(MembersServices services, ThoughtReportRequest r, CancellationToken ct)
    {
        new Validator()
            .Check(r.MemberId is not null, "memberId", "请指定党员。")
            .Check(r.ReceivedOn is { } d && d <= services.Clock.Today(), "receivedOn", "请填写收到日期，不能晚于今天。")
            .Check(!string.IsNullOrWhiteSpace(r.Summary) && r.Summary.Length <= 2000, "summary", "请填写汇报摘要（最多 2000 字）。")
            .ThrowIfInvalid();
        var member = await MemberLookup.FindInScopeAsync(services.Db, services.Scope, r.MemberId!.Value, ct, tracking: false);
        RequireCategory(member, RuralCategory.MobileAway, "思想汇报登记");
        var now = services.Clock.GetUtcNow();
        var report = new ThoughtReport { Id = Guid.CreateVersion7(), MemberId = member.Id, OrgPath = member.OrgPath,
            ReceivedOn = r.ReceivedOn!.Value, Summary = r.Summary!.Trim(), CreatedAt = now };
        services.Db.Add(report);
        services.Db.Audit(services.User, now, AuditEntities.RuralThoughtReport, report.Id, member.OrgPath, "received",
            to: report.ReceivedOn.ToString("yyyy-MM-dd"));
        await services.Db.SaveChangesAsync(ct);
        return report;
    }

    public static async Task<VisitRecord> AddVisitAsync(MembersServices services, VisitRequest r, CancellationToken ct)
    {
        new Validator()
            .Check(r.MemberId is not null, "memberId", "请指定党员。")
            .Check(r.VisitedOn is { } d && d <= services.Clock.Today(), "visitedOn", "请填写走访日期，不能晚于今天。")
            .Check(!string.IsNullOrWhiteSpace(r.Visitor) && r.Visitor.Length <= 100, "visitor", "请填写走访人（最多 100 字）。")
            .Check(r.Notes is null || r.Notes.Length <= 2000, "notes", "走访情况最多 2000 字。")
            .ThrowIfInvalid();
        var member = await MemberLookup.FindInScopeAsync(services.Db, services.Scope, r.MemberId!.Value, ct, tracking: false);
        RequireCategory(member, RuralCategory.ElderlyFrail, "走访记录");
        var now = services.Clock.GetUtcNow();
        var visit = new VisitRecord { Id = Guid.CreateVersion7(), MemberId = member.Id, OrgPath = member.OrgPath,
            VisitedOn = r.VisitedOn!.Value, Visitor = r.Visitor!.Trim(), Notes = r.Notes?.Trim(), CreatedAt = now };
        services.Db.Add(visit);
        services.Db.Audit(services.User, now, AuditEntities.RuralVisit, visit.Id, member.OrgPath, "visited",
            to: $"{visit.VisitedOn:yyyy-MM-dd} {visit.Visitor}");
        await services.Db.SaveChangesAsync(ct);
        return visit;
    }

    internal static async Task<RuralDutySettings> SettingsAsync(MembersDbContext db, DateOnly on, CancellationToken ct) =>
        await db.Set<RuralDutySettings>().AsNoTracking().Where(s => s.EffectiveFrom <= on).OrderByDescending(s => s.EffectiveFrom)
            .FirstOrDefaultAsync(ct)
        ?? RuralDutySettings.Defaults();

    private static void RequireCategory(Member m, RuralCategory category, string duty)
    {
        if (m.RuralCategory != category)
            throw new DomainException("rural_duties.wrong_category",
                $"{duty}只适用于{Name(category)}；该党员的分类为{(m.RuralCategory is { } c ? Name(c) : "未分类")}。");
    }

    private static string Name(RuralCategory c) => c switch
    {
        RuralCategory.IncumbentCadre => "村组干部在职党员",
        RuralCategory.NoPostAtHome => "在家无职党员",
        RuralCategory.MobileAway => "外出流动党员",
        _ => "年老体弱党员",
    };

    /// <summary>
    /// Set-based: mobile members whose latest thought report (or registration, or record) is older than the alert horizon.
    /// </summary>
    public static async Task<Page<DutyAlert>> ThoughtReportAlertsAsync(MembersServices services, int? page, int? pageSize,
        CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        var today = services.Clock.Today();
        var settings = await SettingsAsync(services.Db, today, ct);
        var cutoff = today.AddMonths(-settings.ThoughtReportAlertMonths);
        var rows = services.Db.Set<Member>().AsNoTracking()
            .Where(m => m.OrgPath.StartsWith(prefix) && m.RuralCategory == RuralCategory.MobileAway && OnBooks.Contains(m.Status))
            .Select(m => new
            {
                m.Id, m.Name, m.BranchId,
                Last = services.Db.Set<ThoughtReport>().Where(t => t.MemberId == m.Id).Max(t => (DateOnly?)t.ReceivedOn),
                Registered = services.Db.Set<MobileMemberContact>().Where(c => c.MemberId == m.Id).Select(c => (DateOnly?)c.RegisteredOn)
                .FirstOrDefault(),
                Created = m.CreatedAt,
            })
            .Where(x => (x.Last ?? x.Registered ?? DateOnly.FromDateTime(x.Created.UtcDateTime)) <= cutoff);
        return await rows.OrderBy(x => x.Last).ThenBy(x => x.Name)
            .Select(x => new DutyAlert(x.Id, x.Name, x.BranchId, x.Last)).ToPageAsync(paging, ct);
    }

    /// <summary>Set-based: elderly or frail members with no visit recorded in the month.</summary>
    public static async Task<Page<DutyAlert>> VisitAlertsAsync(MembersServices services, int? page, int? pageSize, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        var today = services.Clock.Today();
        var monthStart = new DateOnly(today.Year, today.Month, 1);
        var rows = services.Db.Set<Member>().AsNoTracking()
            .Where(m => m.OrgPath.StartsWith(prefix) && m.RuralCategory == RuralCategory.ElderlyFrail && OnBooks.Contains(m.Status))
            .Select(m => new { m.Id, m.Name, m.BranchId, Last = services.Db.Set<VisitRecord>().Where(v => v.MemberId == m.Id)
                .Max(v => (DateOnly?)v.VisitedOn) })
            .Where(x => x.Last == null || x.Last < monthStart);
        return await rows.OrderBy(x => x.Last).ThenBy(x => x.Name)
            .Select(x => new DutyAlert(x.Id, x.Name, x.BranchId, x.Last)).ToPageAsync(paging, ct);
    }
}
