using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Party.Members.Application;
using Party.Members.Data;
using Party.Members.Domain.Identity;
using Party.Members.Domain.Members;
using Party.Members.Domain.RuralDuties;
using Party.Messaging;
using Party.Persistence;
using Party.Persistence.Audit;
using Party.ServiceDefaults;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.Members.Apis;

public sealed record AssignPostRequest(Guid? MemberId, PublicServicePost? Post, [FreeText] string? Duties, List<string>? PairedHouseholds,
    int? Year = null);
public sealed record RegisterMobileRequest(string? ContactCadre, string? Destination, string? ContactCadreMobile = null,
    string? Employer = null,
    string? ContactPhone = null);
public sealed record ThoughtReportRequest(Guid? MemberId, DateOnly? ReceivedOn, [FreeText] string? Summary);
public sealed record VisitRequest(Guid? MemberId, DateOnly? VisitedOn, string? Visitor, [FreeText] string? Notes = null);
public sealed record DutyAlert(Guid MemberId, string Name, Guid BranchId, DateOnly? LastOn);

/// <summary>
/// Duties by rural category (农村党员分类管理, §3.6): posts and pairing, mobile members' contact and thought reports, visits to the elderly.
/// </summary>
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

    private static async Task<Created<PostAssignment>> AssignPost(AssignPostRequest r, [AsParameters] MembersServices services,
        CancellationToken ct)
    {
        var created = await RuralDutyRecords.AssignPostAsync(services, r, ct);
        return TypedResults.Created($"/api/members/rural-duties/posts?memberId={created.MemberId}", created);
    }

    private static async Task<Ok<Page<PostAssignment>>> ListPosts(Guid? memberId, Guid? branchId, int? year, int? page, int? pageSize,
        [AsParameters] MembersServices services, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        var q = services.Db.Set<PostAssignment>().AsNoTracking().Where(x => x.OrgPath.StartsWith(prefix));
        if (memberId is not null) q = q.Where(x => x.MemberId == memberId);
        if (branchId is not null) q = q.Where(x => x.BranchId == branchId);
        if (year is not null) q = q.Where(x => x.Year == year);
        return TypedResults.Ok(await q.OrderBy(x => x.Year).ThenBy(x => x.CreatedAt).ToPageAsync(paging, ct));
    }

    private static async Task<Ok<MobileMemberContact>> RegisterMobile(Guid memberId, RegisterMobileRequest r,
        [AsParameters] MembersServices services, CancellationToken ct) =>
        TypedResults.Ok(await RuralDutyRecords.RegisterMobileAsync(services, memberId, r, ct));

    private static async Task<Ok<MobileMemberContact>> GetMobile(Guid memberId, [AsParameters] MembersServices services,
        CancellationToken ct)
    {
        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        var c = await services.Db.Set<MobileMemberContact>().AsNoTracking()
            .FirstOrDefaultAsync(x => x.MemberId == memberId && x.OrgPath.StartsWith(prefix), ct)
            ?? throw DomainException.NotFound("rural_mobile_contacts");
        services.Http.Response.Headers.ETag = ETags.Format(c.RowVersion);
        return TypedResults.Ok(c);
    }

    private static async Task<Created<ThoughtReport>> AddThoughtReport(ThoughtReportRequest r, [AsParameters] MembersServices services,
        CancellationToken ct)
    {
        var created = await RuralDutyRecords.AddThoughtReportAsync(services, r, ct);
        return TypedResults.Created($"/api/members/rural-duties/thought-reports/{created.Id}", created);
    }

    private static async Task<Created<VisitRecord>> AddVisit(VisitRequest r, [AsParameters] MembersServices services, CancellationToken ct)
    {
        var created = await RuralDutyRecords.AddVisitAsync(services, r, ct);
        return TypedResults.Created($"/api/members/rural-duties/visits/{created.Id}", created);
    }

    private static async Task<Ok<Page<DutyAlert>>> ThoughtReportAlerts(int? page, int? pageSize, [AsParameters] MembersServices services,
        CancellationToken ct) =>
        TypedResults.Ok(await RuralDutyRecords.ThoughtReportAlertsAsync(services, page, pageSize, ct));

    private static async Task<Ok<Page<DutyAlert>>> VisitAlerts(int? page, int? pageSize, [AsParameters] MembersServices services,
        CancellationToken ct) =>
        TypedResults.Ok(await RuralDutyRecords.VisitAlertsAsync(services, page, pageSize, ct));
}
