using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Party.Common;
using Party.Honors.Application;
using Party.Honors.Domain.HonorTypes;
using Party.Honors.Domain.ModelDatabase;
using Party.Messaging;
using Party.Persistence;
using Party.ServiceDefaults;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;

namespace Party.Honors.Apis;

public sealed record AwardResponse(Guid Id, Guid? NominationId, string? HonorTypeCode, string HonorName, HonorLevel Level,
    SubjectKind SubjectKind, Guid SubjectId, string SubjectName, Guid OrgUnitId, int Year, string Batch, bool External, string? Issuer,
    DateTimeOffset AwardedAt, AwardStatus Status, DateOnly? RectificationDeadline, DateTimeOffset? RevokedAt, string? RevocationReason);
public sealed record ReReviewRequest(ReReviewOutcome? Outcome, int? Year = null, DateOnly? RectificationDeadline = null,
    [FreeText] string? Reason = null);
public sealed record ReReviewResponse(Guid Id, Guid AwardId, int Year, ReReviewOutcome Outcome, DateOnly? RectificationDeadline,
    string? Reason, string ReviewedBy, DateTimeOffset ReviewedAt, AwardStatus AwardStatus);
public sealed record UpdateProfileRequest([FreeText] string? Deeds, [FreeText] string? DeedsSummary, string? PhotoUrl = null,
    string[]? MediaLinks = null);
public sealed record VisitRequest(DateOnly? VisitedOn, string? Visitor, [FreeText] string? Notes);
public sealed record VisitResponse(Guid Id, DateOnly VisitedOn, string Visitor, string Notes, string RecordedBy, DateTimeOffset RecordedAt);
public sealed record ProfileResponse(Guid Id, SubjectKind SubjectKind, string Name, Guid OrgUnitId, string Deeds, string DeedsSummary,
    string? PhotoUrl, string[] MediaLinks, IReadOnlyList<AwardResponse> Awards, IReadOnlyList<VisitResponse> Visits);
public sealed record ProfileSummary(Guid Id, SubjectKind SubjectKind, string Name, Guid OrgUnitId, string DeedsSummary, int CurrentHonors);
public sealed record ExternalHonorRequest(SubjectKind? SubjectKind, Guid? SubjectId, string? SubjectName, Guid? OrgUnitId,
    string? HonorName, string? Issuer, HonorLevel? Level, int? Year, [FreeText] string? Deeds);

public static class ModelDatabaseApi
{
    public static IEndpointRouteBuilder MapModelDatabaseApi(this IEndpointRouteBuilder app)
    {
        var awards = app.MapGroup("/api/honors/awards").WithTags("ModelDatabase");
        awards.MapGet("/", ListAwards).WithName("ListAwards")
            .WithSummary("分页列出管辖范围内已授予的荣誉（可按对象、年度、状态筛选；reReviewDue=年度 列出该年度待复核的荣誉）。");
        awards.MapGet("/{id:guid}", GetAward).WithName("GetAward").WithSummary("查看一项荣誉。");
        awards.MapPost("/{id:guid}/re-reviews", ReReviewAward).RequireRole(ApiSupport.County).WithName("ReReviewAward")
            .WithSummary("一年一复核：保留、降格（限期整改）或撤销（写明理由，发出 HonorRevoked）。");
        awards.MapGet("/{id:guid}/re-reviews", ListReReviews).WithName("ListReReviews").WithSummary("一项荣誉的历次复核。");

        var profiles = app.MapGroup("/api/honors/profiles").WithTags("ModelDatabase");
        profiles.MapGet("/", ListProfiles).WithName("ListProfiles").WithSummary("先进典型信息库：分页列出管辖范围内的典型。");
        profiles.MapGet("/{id:guid}", GetProfile).WithName("GetProfile")
            .WithSummary("查看典型档案：事迹、图片与媒体链接、全部荣誉、回访记录（返回 ETag）。");
        profiles.MapPut("/{id:guid}", UpdateProfile).RequireRole(ApiSupport.Committees).WithName("UpdateProfile")
            .WithSummary("更新事迹、事迹摘要、照片和媒体链接（支持 If-Match）。");
        profiles.MapPost("/{id:guid}/visits", RecordVisit).RequireRole(ApiSupport.Committees).WithName("RecordFollowUpVisit")
            .WithSummary("记录一次回访。");

        app.MapPost("/api/honors/external-honors", RecordExternal).RequireRole(ApiSupport.Committees).WithTags("ModelDatabase")
            .WithName("RecordExternalHonor").WithSummary("把外部荣誉（如全国劳动模范、中国好人）记入先进典型信息库。");
        return app;
    }

    /// <param name="reReviewDue">
    /// Lists the honors still to be re-reviewed for that year: current, awarded earlier, not yet re-reviewed for it.
    /// </param>
    private static async Task<Ok<Page<AwardResponse>>> ListAwards(Guid? subjectId, [EarliestYear(1949)] int? year,
        [QueryEnum(typeof(AwardStatus))] string? status, int? reReviewDue, int? page, int? pageSize, [AsParameters] HonorsServices services,
        CancellationToken ct)
    {
        var db = services.Db;
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        var query = db.Awards.AsNoTracking().Where(a => a.OrgPath.StartsWith(prefix));
        if (subjectId is not null) query = query.Where(a => a.SubjectId == subjectId);
        if (year is not null) query = query.Where(a => a.Year == year);
        if (QueryEnums.Parse<AwardStatus>(status, "status") is { } st) query = query.Where(a => a.Status == st);
        if (reReviewDue is { } due)
            query = query.Where(a => !a.External && a.Status != AwardStatus.Revoked && a.Year < due
                && !db.ReReviews.Any(r => r.AwardId == a.Id && r.Year == due));
        return TypedResults.Ok(await query.OrderByDescending(a => a.AwardedAt).ThenBy(a => a.Id)
            .ToPageAsync(paging, ModelDatabaseViews.ToResponse, ct));
    }

    private static async Task<Ok<AwardResponse>> GetAward(Guid id, [AsParameters] HonorsServices services, CancellationToken ct) =>
        TypedResults.Ok(ModelDatabaseViews.ToResponse(await ModelDatabaseViews.FindAwardAsync(services, id, ct)));

    private static async Task<Ok<List<ReReviewResponse>>> ListReReviews(Guid id, [AsParameters] HonorsServices services,
        CancellationToken ct)
    {
        var award = await ModelDatabaseViews.FindAwardAsync(services, id, ct);
        var rows = await services.Db.ReReviews.AsNoTracking().Where(r => r.AwardId == id).OrderBy(r => r.Year).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(r => new ReReviewResponse(r.Id, r.AwardId, r.Year, r.Outcome, r.RectificationDeadline, r.Reason,
            r.ReviewedBy, r.ReviewedAt, award.Status)).ToList());
    }

    private static async Task<Ok<ReReviewResponse>> ReReviewAward(Guid id, ReReviewRequest request, [AsParameters] HonorsServices services,
        CancellationToken ct)
    {
        new Validator()
            .Check(request.Outcome is not null, "outcome", "请选择复核结论：keep（保留）、downgrade（降格整改）或 revoke（撤销）。")
            .Check(request.Year is null or (>= 2000 and <= 2100), "year", "复核年度须在 2000 到 2100 之间。")
            .Check(request.Reason is null || request.Reason.Length <= 1000, "reason", "理由最多 1000 字。")
            .ThrowIfInvalid();
        var (review, award) = await ModelDatabaseChanges.ReReviewAsync(services, id, request, ct);
        return TypedResults.Ok(new ReReviewResponse(review.Id, id, review.Year, review.Outcome, review.RectificationDeadline, review.Reason,
            review.ReviewedBy, review.ReviewedAt, award.Status));
    }

    private static async Task<Ok<Page<ProfileSummary>>> ListProfiles(int? page, int? pageSize, [AsParameters] HonorsServices services,
        CancellationToken ct)
    {
        var db = services.Db;
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        var query = db.Profiles.AsNoTracking().Where(x => x.OrgPath.StartsWith(prefix));
        return TypedResults.Ok(await query.OrderBy(x => x.Name).ThenBy(x => x.Id)
            .Select(x => new ProfileSummary(x.Id, x.SubjectKind, x.Name, x.OrgUnitId, x.DeedsSummary,
                db.Awards.Count(a => a.SubjectId == x.Id && a.Status != AwardStatus.Revoked)))
            .ToPageAsync(paging, ct));
    }

    private static async Task<Ok<ProfileResponse>> GetProfile(Guid id, [AsParameters] HonorsServices services, CancellationToken ct)
    {
        var profile = await ModelDatabaseViews.FindProfileAsync(services, id, ct);
        services.Http.Response.Headers.ETag = ETags.Format(profile.RowVersion);
        return TypedResults.Ok(await ModelDatabaseViews.LoadProfileAsync(services.Db, profile, ct));
    }

    private static bool IsHttpUrl(string? s) =>
        Uri.TryCreate(s, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps)
        && s!.Length <= 1000;

    private static async Task<Ok<ProfileResponse>> UpdateProfile(Guid id, UpdateProfileRequest request,
        [AsParameters] HonorsServices services, CancellationToken ct)
    {
        new Validator()
            .Check(!string.IsNullOrWhiteSpace(request.Deeds) && request.Deeds.Length <= 8000, "deeds", "请填写事迹（最多 8000 字）。")
            .Check(!string.IsNullOrWhiteSpace(request.DeedsSummary) && request.DeedsSummary.Length <= 500, "deedsSummary",
                "请填写事迹摘要（光荣榜展示，最多 500 字）。")
            .Check(request.PhotoUrl is null || IsHttpUrl(request.PhotoUrl), "photoUrl", "照片链接须为 http(s) 地址。")
            .Check(request.MediaLinks is null || (request.MediaLinks.Length <= 50 && request.MediaLinks.All(IsHttpUrl)), "mediaLinks",
                "媒体链接须为 http(s) 地址，最多 50 条。")
            .ThrowIfInvalid();
        var profile = await ModelDatabaseChanges.UpdateProfileAsync(services, id, request, ct);
        services.Http.Response.Headers.ETag = ETags.Format(profile.RowVersion);
        return TypedResults.Ok(await ModelDatabaseViews.LoadProfileAsync(services.Db, profile, ct));
    }

    private static async Task<Created<VisitResponse>> RecordVisit(Guid id, VisitRequest request, [AsParameters] HonorsServices services,
        CancellationToken ct)
    {
        var now = services.Clock.GetUtcNow();
        new Validator()
            .Check(request.VisitedOn is not null && request.VisitedOn <= BusinessDate.Of(now), "visitedOn", "请填写不晚于今天的回访日期。")
            .Check(!string.IsNullOrWhiteSpace(request.Visitor) && request.Visitor.Length <= 200, "visitor", "请填写回访人（最多 200 字）。")
            .Check(!string.IsNullOrWhiteSpace(request.Notes) && request.Notes.Length <= 4000, "notes", "请填写回访情况（最多 4000 字）。")
            .ThrowIfInvalid();
        var visit = await ModelDatabaseChanges.RecordVisitAsync(services, id, request, now, ct);
        return TypedResults.Created($"/api/honors/profiles/{id}", ModelDatabaseViews.ToResponse(visit));
    }

    private static async Task<Created<AwardResponse>> RecordExternal(ExternalHonorRequest request, [AsParameters] HonorsServices services,
        CancellationToken ct)
    {
        var now = services.Clock.GetUtcNow();
        new Validator()
            .Check(request.SubjectKind is not null, "subjectKind", "请选择对象类别。")
            .Check(request.SubjectId is { } s && s != Guid.Empty, "subjectId", "请指明对象编号。")
            .Check(!string.IsNullOrWhiteSpace(request.SubjectName) && request.SubjectName.Length <= 200, "subjectName",
                "请填写对象名称（最多 200 字）。")
            .Check(request.OrgUnitId is not null, "orgUnitId", "请指明对象所属组织。")
            .Check(!string.IsNullOrWhiteSpace(request.HonorName) && request.HonorName.Length <= 200, "honorName", "请填写荣誉名称（最多 200 字）。")
            .Check(!string.IsNullOrWhiteSpace(request.Issuer) && request.Issuer.Length <= 200, "issuer", "请填写授予机关（最多 200 字）。")
            .Check(request.Level is not null, "level", "请选择层级：county、city、province 或 national。")
            .Check(request.Year is >= 1949 && request.Year <= BusinessDate.Of(now).Year, "year", "请填写不晚于今年的获奖年度。")
            .Check(!string.IsNullOrWhiteSpace(request.Deeds) && request.Deeds.Length <= 8000, "deeds", "请填写事迹（最多 8000 字）。")
            .ThrowIfInvalid();
        var award = await ModelDatabaseChanges.RecordExternalAsync(services, request, now, ct);
        return TypedResults.Created($"/api/honors/awards/{award.Id}", ModelDatabaseViews.ToResponse(award));
    }
}
