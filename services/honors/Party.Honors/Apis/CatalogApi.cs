using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Party.Common;
using Party.Honors.Application;
using Party.Honors.Data;
using Party.Honors.Domain.HonorTypes;
using Party.Honors.Domain.Subjects;
using Party.Persistence;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;

namespace Party.Honors.Apis;

public sealed record HonorTypeResponse(string Code, string Name, SubjectKind SubjectKind, HonorLevel Level, EligibilityRule Rule,
    ReviewingUnit[] RequiredReviewers, int? MinStars);
public sealed record SetMinStarsRequest(int? MinStars, string? Reason);
public sealed record ReviewingClientResponse(string Subject, ReviewingUnit Unit, string UnitName);
public sealed record EligibilityResponse(string HonorTypeCode, Guid SubjectId, int Year, int? Month, bool Eligible, string? SubjectName,
    IReadOnlyList<IneligibilityReason> Reasons);
public sealed record AuditEntryResponse(long Id, DateTimeOffset At, string Actor, string ActorName, string Entity, string EntityId,
    string Action, string? From, string? To, string? Reason);

public static class CatalogApi
{
    public static IEndpointRouteBuilder MapCatalogApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/honors").WithTags("Catalog");
        group.MapGet("/types", ListTypes).WithName("ListHonorTypes").WithSummary("荣誉类别目录：表彰对象、层级、联审单位和评选条件。");
        group.MapGet("/types/{code}", GetHonorType).WithName("GetHonorType").WithSummary("查看一个荣誉类别。");
        group.MapPut("/types/{code}/min-stars", SetMinStars).RequireRole(ApiSupport.County).WithName("SetHonorTypeMinStars")
            .WithSummary("县委组织部设定按星级评选的荣誉类别（先进基层党组织、党建示范点）所需的最低星级；此后的推荐和表彰按新标准审查。");
        group.MapGet("/reviewing-clients", ListClients).WithName("ListReviewingClients")
            .WithSummary("联审单位的接口客户端（令牌 sub）与其代表的单位。");
        group.MapGet("/eligibility", CheckEligibility).WithName("CheckEligibility")
            .WithSummary("按已收到的事实（积分评定、星级、考勤等）检查某对象是否符合某荣誉的条件，列出全部不符合原因。");
        group.MapGet("/audit", Audit).WithTags("Audit").WithName("HonorsAudit").WithSummary("全程记实：管辖范围内的变更记录。");
        return app;
    }

    private static async Task<Ok<List<HonorTypeResponse>>> ListTypes(HonorsDbContext db, CancellationToken ct) =>
        TypedResults.Ok((await db.HonorTypes.AsNoTracking().OrderBy(t => t.Code).ToListAsync(ct)).Select(ToResponse).ToList());

    private static async Task<Ok<HonorTypeResponse>> GetHonorType(string code, HonorsDbContext db, CancellationToken ct) =>
        TypedResults.Ok(ToResponse(await db.HonorTypes.AsNoTracking().FirstOrDefaultAsync(t => t.Code == code, ct)
            ?? throw DomainException.NotFound("honor_types")));

    private static async Task<Ok<List<ReviewingClientResponse>>> ListClients(HonorsDbContext db, CancellationToken ct) =>
        TypedResults.Ok((await db.ReviewingClients.AsNoTracking().OrderBy(c => c.Subject).ToListAsync(ct))
            .Select(c => new ReviewingClientResponse(c.Subject, c.Unit, c.Unit.ChineseName())).ToList());

    internal static HonorTypeResponse ToResponse(HonorType t) =>
        new(t.Code, t.Name, t.SubjectKind, t.Level, t.Rule, t.RequiredReviewers, t.MinStars);

    private static async Task<Ok<HonorTypeResponse>> SetMinStars(string code, SetMinStarsRequest request,
        [AsParameters] HonorsServices services, CancellationToken ct)
    {
        new Validator()
            .Check(request.MinStars is >= 1 and <= 5, "minStars", "最低星级须为 1 到 5。")
            .Check(!string.IsNullOrWhiteSpace(request.Reason) && request.Reason.Length <= 1000, "reason", "请写明调整理由（最多 1000 字）。")
            .ThrowIfInvalid();
        var type = await HonorTypeSettings.SetMinStarsAsync(services, code, request.MinStars, request.Reason!.Trim(), ct);
        return TypedResults.Ok(ToResponse(type));
    }

    private static async Task<Ok<EligibilityResponse>> CheckEligibility(string? type, Guid? subjectId, int? year, int? month,
        [AsParameters] HonorsServices services, CancellationToken ct)
    {
        var db = services.Db;
        var today = services.Clock.Today();
        new Validator()
            .Check(!string.IsNullOrWhiteSpace(type), "type", "请指明荣誉类别代码。")
            .Check(subjectId is not null && subjectId != Guid.Empty, "subjectId", "请指明对象编号。")
            .Check(month is null or (>= 1 and <= 12), "month", "月份须在 1 到 12 之间。")
            .ThrowIfInvalid();
        var honorType = await db.HonorTypes.AsNoTracking().FirstOrDefaultAsync(t => t.Code == type, ct)
            ?? throw DomainException.NotFound("honor_types");
        if (honorType.Rule == EligibilityRule.ModelGuesthouse)
            throw new DomainException("honors.application_required", "党员农家宾馆示范户的条件取决于申报材料，请直接提交推荐。", 400);
        var y = year ?? today.Year;
        var check = await db.CheckAsync(honorType, subjectId!.Value, y, month, null, null, today, await db.SettingsAsync(today, ct), ct);
        // A subject outside the caller's subtree is not even confirmed to exist.
        if (check.OrgUnitId is { } org) await services.Scope.EnsureContainsAsync(org, "subjects", ct);
        return TypedResults.Ok(new EligibilityResponse(honorType.Code, subjectId.Value, y, month, check.Reasons.Count == 0,
            check.OrgUnitId is null ? null : check.Name, check.Reasons));
    }

    private static async Task<Ok<Page<AuditEntryResponse>>> Audit(string? entity, string? entityId, int? page, int? pageSize,
        [AsParameters] HonorsServices services, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        var query = services.Db.AuditEntries.AsNoTracking().Where(a => a.OrgPath.StartsWith(prefix));
        if (!string.IsNullOrWhiteSpace(entity)) query = query.Where(a => a.Entity == entity);
        if (!string.IsNullOrWhiteSpace(entityId)) query = query.Where(a => a.EntityId == entityId);
        return TypedResults.Ok(await query.OrderBy(a => a.Id)
            .Select(a => new AuditEntryResponse(a.Id, a.At, a.Actor, a.ActorName, a.Entity, a.EntityId, a.Action, a.From, a.To, a.Reason))
            .ToPageAsync(paging, ct));
    }
}
