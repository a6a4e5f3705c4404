using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Party.Members.Application;
using Party.Members.Data;
using Party.Members.Domain.Points;
using Party.Persistence;
using Party.Persistence.Audit;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.Members.Apis;

public sealed record PointsItemRequest(string? Code, string? Name, PointKind? Kind, decimal? Points = null, List<string>? AppliesTo = null,
    decimal? CapPerYear = null);
public sealed record CreateTemplateRequest(TemplateDomain? Domain, int? Year, string? Name, List<PointsItemRequest>? Items);
public sealed record TemplateResponse(Guid Id, TemplateDomain Domain, int Year, string Name, IReadOnlyList<PointsItem> Items);
/// <summary>
/// Adopt a scheme: every base item of the template is taken; other items only when listed (null = all); caps may be tightened.
/// </summary>
public sealed record AdoptSchemeRequest(Guid? BranchId, int? Year, List<string>? ItemCodes = null, List<ItemCapRequest>? Caps = null);
public sealed record ItemCapRequest(string? Code, decimal? CapPerYear);
public sealed record SchemeResponse(Guid Id, Guid BranchId, int Year, Guid TemplateId, IReadOnlyList<PointsItem> Items,
    DateTimeOffset AdoptedAt);
public sealed record CreateRulesRequest(DateOnly? EffectiveFrom, decimal? ExcellentMin, decimal? QualifiedMin,
    decimal? BasicallyQualifiedMin, int? AppealDays,
    int? EntryGraceDays, decimal? AbsenceDeduction, decimal? HonorCounty, decimal? HonorCity, decimal? HonorProvince,
    decimal? HonorNational,
    decimal? WarningDeduction, decimal? SeriousWarningDeduction, decimal? ActivistPriorityMin, QuotaRounding? ExcellentQuotaRounding,
    int? ExcellentQuotaMinimum,
    decimal? ExcellentShareCap = null, bool? NoExcellentCap = null);

/// <summary>County templates (县级积分模板), the configurable rules, and each branch's yearly scheme (年初设定积分项目).</summary>
public static class PointsSchemesApi
{
    public static IEndpointRouteBuilder MapPointsSchemesApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/members/points").WithTags("Points").RequireRole(ApiSupport.OfficeRoles);
        g.MapGet("/rules", ListRules).WithName("ListPointsRules").WithSummary("积分规则（等次分数线、优秀比例上限、申辩期、自动加扣分值），按生效日期。");
        g.MapPost("/rules", CreateRules).WithName("CreatePointsRules").WithSummary("县委组织部设定自某日起生效的新积分规则。");
        g.MapPost("/templates", CreateTemplate).WithName("CreatePointsTemplate").WithSummary("县委组织部按领域制定年度积分模板。");
        g.MapGet("/templates", ListTemplates).WithName("ListPointsTemplates").WithSummary("列出积分模板。");
        g.MapGet("/templates/{id:guid}", GetTemplate).WithName("GetPointsTemplate").WithSummary("查看一个积分模板。");
        g.MapPost("/schemes", AdoptScheme).WithName("AdoptPointsScheme").WithSummary("党支部年初从本领域模板选定积分项目（基础项目必选），可收紧年度上限。");
        g.MapGet("/schemes/{id:guid}", GetScheme).WithName("GetPointsScheme").WithSummary("查看支部年度积分方案。");
        g.MapGet("/schemes", ListSchemes).WithName("ListPointsSchemes").WithSummary("分页列出管辖范围内的支部积分方案。");
        return app;
    }

    private static async Task<Ok<List<PointsRules>>> ListRules([AsParameters] MembersServices services, CancellationToken ct) =>
        TypedResults.Ok(await services.Db.Set<PointsRules>().AsNoTracking().OrderBy(r => r.EffectiveFrom).ToListAsync(ct));

    private static async Task<Created<PointsRules>> CreateRules(CreateRulesRequest r, [AsParameters] MembersServices services,
        CancellationToken ct)
    {
        var created = await PointsSchemes.CreateRulesAsync(services, r, ct);
        return TypedResults.Created($"/api/members/points/rules", created);
    }

    private static async Task<Created<TemplateResponse>> CreateTemplate(CreateTemplateRequest r, [AsParameters] MembersServices services,
        CancellationToken ct)
    {
        var created = await PointsSchemes.CreateTemplateAsync(services, r, ct);
        return TypedResults.Created($"/api/members/points/templates/{created.Id}", created);
    }

    private static async Task<Ok<List<TemplateResponse>>> ListTemplates([QueryEnum(typeof(TemplateDomain))] string? domain, int? year,
        [AsParameters] MembersServices services, CancellationToken ct)
    {
        var q = services.Db.Set<PointsTemplate>().AsNoTracking();
        if (QueryEnums.Parse<TemplateDomain>(domain, "domain") is { } d) q = q.Where(t => t.Domain == d);
        if (year is not null) q = q.Where(t => t.Year == year);
        return TypedResults.Ok((await q.OrderBy(t => t.Year).ThenBy(t => t.Domain).Take(Paging.MaxPageSize).ToListAsync(ct))
            .Select(PointsSchemes.ToResponse).ToList());
    }

    private static async Task<Ok<TemplateResponse>> GetTemplate(Guid id, [AsParameters] MembersServices services, CancellationToken ct) =>
        TypedResults.Ok(PointsSchemes.ToResponse(await services.Db.Set<PointsTemplate>().AsNoTracking()
            .FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw DomainException.NotFound("points_templates")));

    private static async Task<Created<SchemeResponse>> AdoptScheme(AdoptSchemeRequest r, [AsParameters] MembersServices services,
        CancellationToken ct)
    {
        var created = await PointsSchemes.AdoptSchemeAsync(services, r, ct);
        return TypedResults.Created($"/api/members/points/schemes/{created.Id}", created);
    }

    private static async Task<Ok<SchemeResponse>> GetScheme(Guid id, [AsParameters] MembersServices services, CancellationToken ct)
    {
        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        var s = await services.Db.Set<PointsScheme>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id && x.OrgPath.StartsWith(prefix),
            ct)
            ?? throw DomainException.NotFound("points_schemes");
        return TypedResults.Ok(PointsSchemes.ToResponse(s));
    }

    private static async Task<Ok<Page<SchemeResponse>>> ListSchemes(Guid? branchId, int? year, int? page, int? pageSize,
        [AsParameters] MembersServices services, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        var q = services.Db.Set<PointsScheme>().AsNoTracking().Where(x => x.OrgPath.StartsWith(prefix));
        if (branchId is not null) q = q.Where(x => x.BranchId == branchId);
        if (year is not null) q = q.Where(x => x.Year == year);
        return TypedResults.Ok(await q.OrderBy(x => x.Year).ThenBy(x => x.OrgPath).ToPageAsync(paging, PointsSchemes.ToResponse, ct));
    }
}
