using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Party.Contracts.Honors;
using Party.Honors.Consumers;
using Party.Honors.Data;
using Party.Honors.Domain;
using Party.Messaging;
using Party.Messaging.Audit;
using Party.ServiceDefaults.Idempotency;
using Party.ServiceDefaults;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.Honors.Apis;

public sealed record AwardResponse(Guid Id, Guid? NominationId, string? HonorTypeCode, string HonorName, HonorLevel Level, SubjectKind SubjectKind, Guid SubjectId,
    string SubjectName, Guid OrgUnitId, int Year, string Batch, bool External, string? Issuer, DateTimeOffset AwardedAt, AwardStatus Status,
    DateOnly? RectificationDeadline, DateTimeOffset? RevokedAt, string? RevocationReason);
public sealed record ReReviewRequest(ReReviewOutcome? Outcome, int? Year = null, DateOnly? RectificationDeadline = null, [FreeText] string? Reason = null);
public sealed record ReReviewResponse(Guid Id, Guid AwardId, int Year, ReReviewOutcome Outcome, DateOnly? RectificationDeadline, string? Reason,
    string ReviewedBy, DateTimeOffset ReviewedAt, AwardStatus AwardStatus);
public sealed record UpdateProfileRequest([FreeText] string? Deeds, [FreeText] string? DeedsSummary, string? PhotoUrl = null, string[]? MediaLinks = null);
public sealed record VisitRequest(DateOnly? VisitedOn, string? Visitor, [FreeText] string? Notes);
public sealed record VisitResponse(Guid Id, DateOnly VisitedOn, string Visitor, string Notes, string RecordedBy, DateTimeOffset RecordedAt);
public sealed record ProfileResponse(Guid Id, SubjectKind SubjectKind, string Name, Guid OrgUnitId, string Deeds, string DeedsSummary, string? PhotoUrl,
    string[] MediaLinks, IReadOnlyList<AwardResponse> Awards, IReadOnlyList<VisitResponse> Visits);
public sealed record ProfileSummary(Guid Id, SubjectKind SubjectKind, string Name, Guid OrgUnitId, string DeedsSummary, int CurrentHonors);
public sealed record ExternalHonorRequest(SubjectKind? SubjectKind, Guid? SubjectId, string? SubjectName, Guid? OrgUnitId, string? HonorName, string? Issuer,
    HonorLevel? Level, int? Year, [FreeText] string? Deeds);

public static class ModelDatabaseApi
{
    public const int SummaryLength = 120;
    /// <summary>The honor type code external honors carry in <c>HonorAwarded</c>/<c>HonorRevoked</c>: they are not in our catalog.</summary>
    public const string ExternalHonorTypeCode = "external";

    public static IEndpointRouteBuilder MapModelDatabaseApi(this IEndpointRouteBuilder app)
    {
        var awards = app.MapGroup("/api/honors/awards").WithTags("ModelDatabase");
        awards.MapGet("/", ListAwards).WithName("ListAwards").WithSummary("分页列出管辖范围内已授予的荣誉（可按对象、年度、状态筛选；reReviewDue=年度 列出该年度待复核的荣誉）。");
        awards.MapGet("/{id:guid}", GetAward).WithName("GetAward").WithSummary("查看一项荣誉。");
        awards.MapPost("/{id:guid}/re-reviews", ReReviewAward).RequireRole(ApiSupport.County).WithName("ReReviewAward")
            .WithSummary("一年一复核：保留、降格（限期整改）或撤销（写明理由，发出 HonorRevoked）。");
        awards.MapGet("/{id:guid}/re-reviews", ListReReviews).WithName("ListReReviews").WithSummary("一项荣誉的历次复核。");

        var profiles = app.MapGroup("/api/honors/profiles").WithTags("ModelDatabase");
        profiles.MapGet("/", ListProfiles).WithName("ListProfiles").WithSummary("先进典型信息库：分页列出管辖范围内的典型。");
        profiles.MapGet("/{id:guid}", GetProfile).WithName("GetProfile").WithSummary("查看典型档案：事迹、图片与媒体链接、全部荣誉、回访记录（返回 ETag）。");
        profiles.MapPut("/{id:guid}", UpdateProfile).RequireRole(ApiSupport.Committees).WithName("UpdateProfile")
            .WithSummary("更新事迹、事迹摘要、照片和媒体链接（支持 If-Match）。");
        profiles.MapPost("/{id:guid}/visits", RecordVisit).RequireRole(ApiSupport.Committees).WithName("RecordFollowUpVisit").WithSummary("记录一次回访。");

        app.MapPost("/api/honors/external-honors", RecordExternal).RequireRole(ApiSupport.Committees).WithTags("ModelDatabase").WithName("RecordExternalHonor")
            .WithSummary("把外部荣誉（如全国劳动模范、中国好人）记入先进典型信息库。");
        return app;
    }

    internal static ModelProfile NewProfile(Guid id, SubjectKind kind, string name, Guid orgUnitId, string orgPath, long orgVersion, string deeds, DateTimeOffset now) => new()
    {
        Id = id, SubjectKind = kind, Name = name, OrgUnitId = orgUnitId, OrgPath = orgPath, OrgVersion = orgVersion, Deeds = deeds,
        DeedsSummary = deeds.Length <= SummaryLength ? deeds : deeds[..SummaryLength] + "…", CreatedAt = now,
    };

    internal static AwardResponse ToResponse(Award a) => new(a.Id, a.NominationId, a.HonorTypeCode, a.HonorName, a.Level, a.SubjectKind, a.SubjectId,
        a.SubjectName, a.OrgUnitId, a.Year, a.Batch, a.External, a.Issuer, a.AwardedAt, a.Status, a.RectificationDeadline, a.RevokedAt, a.RevocationReason);

    private static async Task<Award> FindAwardAsync(HonorsDbContext db, OrgScope scope, Guid id, CancellationToken ct)
    {
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        return await db.Awards.FirstOrDefaultAsync(a => a.Id == id && a.OrgPath.StartsWith(prefix), ct) ?? throw DomainException.NotFound("awards");
    }

    private static async Task<ModelProfile> FindProfileAsync(HonorsDbContext db, OrgScope scope, Guid id, CancellationToken ct)
    {
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        return await db.Profiles.FirstOrDefaultAsync(p => p.Id == id && p.OrgPath.StartsWith(prefix), ct) ?? throw DomainException.NotFound("profiles");
    }

    /// <param name="reReviewDue">Lists the honors still to be re-reviewed for that year: current, awarded earlier, not yet re-reviewed for it.</param>
    private static async Task<Ok<Page<AwardResponse>>> ListAwards(Guid? subjectId, int? year, [QueryEnum(typeof(AwardStatus))] string? status, int? reReviewDue, int? page, int? pageSize,
        HonorsDbContext db, OrgScope scope, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var query = db.Awards.AsNoTracking().Where(a => a.OrgPath.StartsWith(prefix));
        if (subjectId is not null) query = query.Where(a => a.SubjectId == subjectId);
        if (year is not null) query = query.Where(a => a.Year == year);
        if (QueryEnums.Parse<AwardStatus>(status, "status") is { } st) query = query.Where(a => a.Status == st);
        if (reReviewDue is { } due)
            query = query.Where(a => !a.External && a.Status != AwardStatus.Revoked && a.Year < due && !db.ReReviews.Any(r => r.AwardId == a.Id && r.Year == due));
        return TypedResults.Ok(await query.OrderByDescending(a => a.AwardedAt).ThenBy(a => a.Id).ToPageAsync(paging, ToResponse, ct));
    }

    private static async Task<Ok<AwardResponse>> GetAward(Guid id, HonorsDbContext db, OrgScope scope, CancellationToken ct) =>
        TypedResults.Ok(ToResponse(await FindAwardAsync(db, scope, id, ct)));

    private static async Task<Ok<List<ReReviewResponse>>> ListReReviews(Guid id, HonorsDbContext db, OrgScope scope, CancellationToken ct)
    {
        var award = await FindAwardAsync(db, scope, id, ct);
        var rows = await db.ReReviews.AsNoTracking().Where(r => r.AwardId == id).OrderBy(r => r.Year).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(r => new ReReviewResponse(r.Id, r.AwardId, r.Year, r.Outcome, r.RectificationDeadline, r.Reason, r.ReviewedBy, r.ReviewedAt, award.Status)).ToList());
    }

    private static async Task<Ok<ReReviewResponse>> ReReviewAward(Guid id, ReReviewRequest request, HonorsDbContext db, OrgScope scope, HttpContext http,
        TimeProvider clock, HonorRollCache cache, CancellationToken ct)
    {
        new Validator()
            .Check(request.Outcome is not null, "outcome", "请选择复核结论：keep（保留）、downgrade（降格整改）或 revoke（撤销）。")
            .Check(request.Year is null or (>= 2000 and <= 2100), "year", "复核年度须在 2000 到 2100 之间。")
            .Check(request.Reason is null || request.Reason.Length <= 1000, "reason", "理由最多 1000 字。")
            .ThrowIfInvalid();
        var award = await FindAwardAsync(db, scope, id, ct);
        var now = clock.GetUtcNow();
        var today = BusinessDate.Of(now);
        var (result, errors) = ReReview.Decide(award.Status, request.Outcome!.Value, request.RectificationDeadline, request.Reason, today);
        if (result is null) throw ApiSupport.Refuse("honors.re_review_invalid", "复核结论不成立：", errors);
        var year = request.Year ?? today.Year;
        if (await db.ReReviews.AnyAsync(r => r.AwardId == id && r.Year == year, ct))
            throw DomainException.Conflict("honors.already_re_reviewed", $"该荣誉 {year} 年已复核过。");
        var review = new AwardReReview
        {
            Id = Guid.CreateVersion7(), AwardId = id, Year = year, Outcome = request.Outcome.Value, RectificationDeadline = result.RectificationDeadline,
            Reason = request.Reason.Trimmed(), ReviewedBy = http.User.Actor(), ReviewedAt = now,
        };
        db.ReReviews.Add(review);
        var from = award.Status;
        if (result.Status == AwardStatus.Revoked)
        {
            db.Revoke(award, $"{year} 年复核撤销：{review.Reason}", now, http.User);
        }
        else
        {
            award.Status = result.Status;
            award.RectificationDeadline = result.RectificationDeadline;
            db.Audit(http.User, now, "award", id, award.OrgPath, $"re_review:{review.Outcome.Wire()}", from.Wire(), result.Status.Wire(),
                review.RectificationDeadline is { } d ? $"整改期限 {d:yyyy-MM-dd}；{review.Reason}" : review.Reason);
        }
        await db.SaveAsync(ct);
        if (result.Status == AwardStatus.Revoked) await db.Database.AfterCommitAsync(cache.InvalidateAsync);
        return TypedResults.Ok(new ReReviewResponse(review.Id, id, year, review.Outcome, review.RectificationDeadline, review.Reason, review.ReviewedBy, now, award.Status));
    }

    private static async Task<Ok<Page<ProfileSummary>>> ListProfiles(int? page, int? pageSize, HonorsDbContext db, OrgScope scope, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var query = db.Profiles.AsNoTracking().Where(x => x.OrgPath.StartsWith(prefix));
        return TypedResults.Ok(await query.OrderBy(x => x.Name).ThenBy(x => x.Id)
            .Select(x => new ProfileSummary(x.Id, x.SubjectKind, x.Name, x.OrgUnitId, x.DeedsSummary,
                db.Awards.Count(a => a.SubjectId == x.Id && a.Status != AwardStatus.Revoked)))
            .ToPageAsync(paging, ct));
    }

    private static async Task<ProfileResponse> LoadProfileAsync(HonorsDbContext db, ModelProfile profile, CancellationToken ct)
    {
        var awards = await db.Awards.AsNoTracking().Where(a => a.SubjectId == profile.Id).OrderBy(a => a.AwardedAt).ToListAsync(ct);
        var visits = await db.Visits.AsNoTracking().Where(v => v.ProfileId == profile.Id).OrderBy(v => v.VisitedOn).ThenBy(v => v.RecordedAt).ToListAsync(ct);
        return new ProfileResponse(profile.Id, profile.SubjectKind, profile.Name, profile.OrgUnitId, profile.Deeds, profile.DeedsSummary, profile.PhotoUrl,
            profile.MediaLinks, awards.Select(ToResponse).ToList(),
            visits.Select(v => new VisitResponse(v.Id, v.VisitedOn, v.Visitor, v.Notes, v.RecordedBy, v.RecordedAt)).ToList());
    }

    private static async Task<Ok<ProfileResponse>> GetProfile(Guid id, HonorsDbContext db, OrgScope scope, HttpContext http, CancellationToken ct)
    {
        var profile = await FindProfileAsync(db, scope, id, ct);
        http.Response.Headers.ETag = ETags.Format(profile.RowVersion);
        return TypedResults.Ok(await LoadProfileAsync(db, profile, ct));
    }

    private static bool IsHttpUrl(string? s) =>
        Uri.TryCreate(s, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps) && s!.Length <= 1000;

    private static async Task<Ok<ProfileResponse>> UpdateProfile(Guid id, UpdateProfileRequest request, HonorsDbContext db, OrgScope scope, HttpContext http,
        TimeProvider clock, HonorRollCache cache, CancellationToken ct)
    {
        new Validator()
            .Check(!string.IsNullOrWhiteSpace(request.Deeds) && request.Deeds.Length <= 8000, "deeds", "请填写事迹（最多 8000 字）。")
            .Check(!string.IsNullOrWhiteSpace(request.DeedsSummary) && request.DeedsSummary.Length <= 500, "deedsSummary", "请填写事迹摘要（光荣榜展示，最多 500 字）。")
            .Check(request.PhotoUrl is null || IsHttpUrl(request.PhotoUrl), "photoUrl", "照片链接须为 http(s) 地址。")
            .Check(request.MediaLinks is null || (request.MediaLinks.Length <= 50 && request.MediaLinks.All(IsHttpUrl)), "mediaLinks", "媒体链接须为 http(s) 地址，最多 50 条。")
            .ThrowIfInvalid();
        var profile = await FindProfileAsync(db, scope, id, ct);
        if (ETags.IfMatch(http.Request) is { } expected && expected != profile.RowVersion)
            throw new DomainException("concurrency.stale", "档案已被他人修改，请刷新后再改。", 412);
        var now = clock.GetUtcNow();
        var before = profile.DeedsSummary;
        profile.Deeds = request.Deeds!.Trim();
        profile.DeedsSummary = request.DeedsSummary!.Trim();
        profile.PhotoUrl = request.PhotoUrl;
        profile.MediaLinks = request.MediaLinks ?? [];
        db.Audit(http.User, now, "profile", id, profile.OrgPath, "updated", before, profile.DeedsSummary);
        await db.SaveAsync(ct);
        // The roll shows the summary and the photo.
        await db.Database.AfterCommitAsync(cache.InvalidateAsync);
        http.Response.Headers.ETag = ETags.Format(profile.RowVersion);
        return TypedResults.Ok(await LoadProfileAsync(db, profile, ct));
    }

    private static async Task<Created<VisitResponse>> RecordVisit(Guid id, VisitRequest request, HonorsDbContext db, OrgScope scope, HttpContext http,
        TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        new Validator()
            .Check(request.VisitedOn is not null && request.VisitedOn <= BusinessDate.Of(now), "visitedOn", "请填写不晚于今天的回访日期。")
            .Check(!string.IsNullOrWhiteSpace(request.Visitor) && request.Visitor.Length <= 200, "visitor", "请填写回访人（最多 200 字）。")
            .Check(!string.IsNullOrWhiteSpace(request.Notes) && request.Notes.Length <= 4000, "notes", "请填写回访情况（最多 4000 字）。")
            .ThrowIfInvalid();
        var profile = await FindProfileAsync(db, scope, id, ct);
        var visit = new FollowUpVisit
        {
            Id = Guid.CreateVersion7(), ProfileId = id, VisitedOn = request.VisitedOn!.Value, Visitor = request.Visitor!.Trim(), Notes = request.Notes!.Trim(),
            RecordedBy = http.User.Actor(), RecordedAt = now,
        };
        db.Visits.Add(visit);
        db.Audit(http.User, now, "profile", id, profile.OrgPath, "visited", null, $"{visit.VisitedOn:yyyy-MM-dd} {visit.Visitor}", visit.Notes);
        await db.SaveAsync(ct);
        return TypedResults.Created($"/api/honors/profiles/{id}", new VisitResponse(visit.Id, visit.VisitedOn, visit.Visitor, visit.Notes, visit.RecordedBy, visit.RecordedAt));
    }

    private static async Task<Created<AwardResponse>> RecordExternal(ExternalHonorRequest request, HonorsDbContext db, OrgScope scope, HttpContext http,
        TimeProvider clock, HonorRollCache cache, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        new Validator()
            .Check(request.SubjectKind is not null, "subjectKind", "请选择对象类别。")
            .Check(request.SubjectId is { } s && s != Guid.Empty, "subjectId", "请指明对象编号。")
            .Check(!string.IsNullOrWhiteSpace(request.SubjectName) && request.SubjectName.Length <= 200, "subjectName", "请填写对象名称（最多 200 字）。")
            .Check(request.OrgUnitId is not null, "orgUnitId", "请指明对象所属组织。")
            .Check(!string.IsNullOrWhiteSpace(request.HonorName) && request.HonorName.Length <= 200, "honorName", "请填写荣誉名称（最多 200 字）。")
            .Check(!string.IsNullOrWhiteSpace(request.Issuer) && request.Issuer.Length <= 200, "issuer", "请填写授予机关（最多 200 字）。")
            .Check(request.Level is not null, "level", "请选择层级：county、city、province 或 national。")
            .Check(request.Year is >= 1949 && request.Year <= BusinessDate.Of(now).Year, "year", "请填写不晚于今年的获奖年度。")
            .Check(!string.IsNullOrWhiteSpace(request.Deeds) && request.Deeds.Length <= 8000, "deeds", "请填写事迹（最多 8000 字）。")
            .ThrowIfInvalid();
        await scope.EnsureContainsAsync(request.OrgUnitId!.Value, "org_units", ct);
        var unit = await db.OrgUnits.AsNoTracking().Where(u => u.Id == request.OrgUnitId).Select(u => new { u.Path, u.Version }).FirstAsync(ct);
        var path = unit.Path;
        var award = new Award
        {
            Id = Guid.CreateVersion7(), HonorName = request.HonorName!.Trim(), Level = request.Level!.Value, SubjectKind = request.SubjectKind!.Value,
            SubjectId = request.SubjectId!.Value, SubjectName = request.SubjectName!.Trim(), OrgUnitId = request.OrgUnitId.Value, OrgPath = path, OrgVersion = unit.Version,
            Year = request.Year!.Value, Batch = request.Issuer!.Trim(), External = true, Issuer = request.Issuer.Trim(), AwardedAt = now, Status = AwardStatus.Active,
        };
        db.Awards.Add(award);
        if (!await db.Profiles.AnyAsync(p => p.Id == award.SubjectId, ct))
            db.Profiles.Add(NewProfile(award.SubjectId, award.SubjectKind, award.SubjectName, award.OrgUnitId, path, unit.Version, request.Deeds!.Trim(), now));
        // Enter once: an external honor earns points (members) and enters the secretary's file (branches) like one of ours.
        db.AddEvent(new HonorAwarded
        {
            AwardId = award.Id, HonorTypeCode = ExternalHonorTypeCode, HonorName = award.HonorName, Level = award.Level.Wire(), SubjectKind = award.SubjectKind.Wire(),
            SubjectId = award.SubjectId, OrgUnitId = award.OrgUnitId, Year = award.Year, Batch = award.Batch, OccurredAt = ExternalHonors.AwardedAt(award.Year, now),
        }, now);
        db.Audit(http.User, now, "award", award.Id, path, "external_recorded", null, AwardStatus.Active.Wire(), $"{award.Issuer}：{award.HonorName}");
        await db.SaveAsync(ct);
        await db.Database.AfterCommitAsync(cache.InvalidateAsync);
        return TypedResults.Created($"/api/honors/awards/{award.Id}", ToResponse(award));
    }
}
