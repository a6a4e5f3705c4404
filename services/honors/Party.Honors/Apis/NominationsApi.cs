using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Party.Contracts.Honors;
using Party.Honors.Data;
using Party.Honors.Domain;
using Party.Messaging;
using Party.Messaging.Audit;
using Party.Messaging.Calendar;
using Party.ServiceDefaults.Idempotency;
using Party.ServiceDefaults;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.Honors.Apis;

public sealed record GuesthouseRequest(string? Name, Guid? OwnerMemberId, DateOnly? OpenedOn, string? BusinessLicence = null, GuesthouseLead[]? LeadsMet = null);
/// <summary><c>honorTypeCode</c> is the honor type's slug from <c>GET /api/honors/types</c> (e.g. <c>excellent-member</c>).</summary>
public sealed record NominateRequest([ValuesFrom("ListHonorTypes", "code")] string? HonorTypeCode, [FreeText] string? Deeds, Guid? SubjectId = null, int? Year = null, int? Month = null,
    HonorLevel? Level = null, GuesthouseRequest? Guesthouse = null);
public sealed record OpinionRequest(Verdict? Verdict, [FreeText] string? Comment);
public sealed record ReasonRequest([FreeText] string? Reason);
public sealed record ObjectionRequest([FreeText] string? Content);
public sealed record ResolveObjectionRequest(bool? Upheld, [FreeText] string? Resolution);
public sealed record AwardBatchRequest(string? Name, Guid[]? NominationIds);

public sealed record OpinionResponse(Guid Id, ReviewingUnit Unit, string UnitName, Verdict Verdict, string Comment, string GivenBy, DateTimeOffset GivenAt);
public sealed record ObjectionResponse(Guid Id, string Content, string FiledBy, DateTimeOffset FiledAt, bool? Upheld, string? Resolution, DateTimeOffset? ResolvedAt);
public sealed record NominationResponse(Guid Id, string HonorTypeCode, HonorLevel Level, int Year, int? Month, SubjectKind SubjectKind, Guid SubjectId,
    string SubjectName, Guid OrgUnitId, string Deeds, NominationStatus Status, string NominatedBy, DateTimeOffset NominatedAt,
    DateOnly? NoticeStartsOn, DateOnly? NoticeEndsOn, string? RejectionReason, string? Batch, Guid? AwardId,
    Guid? OwnerMemberId, string? BusinessLicence, DateOnly? OpenedOn, GuesthouseLead[]? LeadsMet,
    IReadOnlyList<ReviewingUnit> RequiredReviewers, IReadOnlyList<ReviewingUnit> MissingOpinions,
    IReadOnlyList<OpinionResponse> Opinions, IReadOnlyList<ObjectionResponse> Objections);
public sealed record NominationSummary(Guid Id, string HonorTypeCode, int Year, int? Month, SubjectKind SubjectKind, Guid SubjectId, string SubjectName,
    Guid OrgUnitId, NominationStatus Status, DateOnly? NoticeEndsOn, string? Batch);
public sealed record AwardedItem(Guid NominationId, Guid AwardId, Guid SubjectId, string SubjectName);
public sealed record AwardBatchResponse(string Batch, IReadOnlyList<AwardedItem> Awards);

public static class NominationsApi
{
    public const string ReviewScope = "honors.review";

    public static IEndpointRouteBuilder MapNominationsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/honors/nominations").WithTags("Nominations");
        group.MapPost("/", Nominate).RequireRole(ApiSupport.Committees).WithName("Nominate")
            .WithSummary("党委推荐：按已收到的事实自动审查条件，不符合时列出全部原因。");
        group.MapGet("/", List).WithName("ListNominations").WithSummary("分页列出管辖范围内的推荐（可按状态、类别、年度筛选）。");
        group.MapGet("/{id:guid}", Get).WithName("GetNomination").WithSummary("查看一条推荐及其联审意见和公示异议。");
        group.MapPost("/{id:guid}/opinions", GiveOpinion).RequireScope(ReviewScope).WithName("GiveReviewOpinion").WithNaturalKey("id")
            .WithSummary("联审单位给出意见（通过/异议，须附说明）；单位由调用方令牌的 sub 确定。支持 Idempotency-Key；与本单位最近一次意见相同的重复提交不另记一条。")
            .WithExamples(new OpinionRequest(Verdict.Pass, "经查，该同志近三年无违法违纪记录，同意推荐为优秀共产党员。"));
        group.MapPost("/{id:guid}/approve", Approve).RequireRole(ApiSupport.County).WithName("ApproveNomination")
            .WithSummary("县委审批：全部联审单位意见到齐且无未撤回的异议，开始公示。");
        group.MapPost("/{id:guid}/reject", Reject).RequireRole(ApiSupport.County).WithName("RejectNomination").WithSummary("县委不予通过（须写明理由）。");
        group.MapPost("/{id:guid}/objections", Object).WithName("FileNoticeObjection").WithSummary("公示期间提出异议；未处理的异议阻止表彰。");
        group.MapPost("/{id:guid}/objections/{objectionId:guid}/resolve", ResolveObjection).RequireRole(ApiSupport.County)
            .WithName("ResolveNoticeObjection").WithSummary("县委处理公示异议：成立则推荐不予通过，不成立则继续。");
        app.MapPost("/api/honors/award-batches", AwardBatch).RequireRole(ApiSupport.County).WithTags("Nominations").WithName("AwardBatch")
            .WithSummary("按批次表彰（如“2026 七一表彰”）：公示期满且无未处理异议的推荐全部授予，否则整批拒绝并列出原因。");
        return app;
    }

    private static async Task<Created<NominationResponse>> Nominate(NominateRequest request, HonorsDbContext db, OrgScope scope, HttpContext http,
        TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = BusinessDate.Of(now);
        var g = request.Guesthouse;
        var validator = new Validator()
            .Check(!string.IsNullOrWhiteSpace(request.HonorTypeCode), "honorTypeCode", "请选择荣誉类别。")
            .Check(request.Year is null or (>= 2000 and <= 2100), "year", "年度须在 2000 到 2100 之间。")
            .Check(request.Month is null or (>= 1 and <= 12), "month", "月份须在 1 到 12 之间。")
            .Check(!string.IsNullOrWhiteSpace(request.Deeds) && request.Deeds.Length <= 4000, "deeds", "请填写主要事迹（最多 4000 字）。");
        validator.ThrowIfInvalid();
        var type = await db.HonorTypes.AsNoTracking().FirstOrDefaultAsync(t => t.Code == request.HonorTypeCode, ct)
            ?? throw new DomainException("honors.unknown_type", $"没有代码为“{request.HonorTypeCode}”的荣誉类别。", 400);
        var isGuesthouse = type.Rule == EligibilityRule.ModelGuesthouse;
        validator
            .Check(isGuesthouse || (request.SubjectId is { } s && s != Guid.Empty), "subjectId", "请指明被推荐对象的编号。")
            .Check(type.Rule != EligibilityRule.StarOfMonth || request.Month is not null, "month", "驻村工作月标兵须指明月份。")
            .Check(!isGuesthouse || g is not null, "guesthouse", "党员农家宾馆示范户须填写宾馆申报信息。");
        if (isGuesthouse && g is not null)
        {
            validator
                .Check(!string.IsNullOrWhiteSpace(g.Name) && g.Name.Length <= 200, "guesthouse.name", "请填写宾馆名称（最多 200 字）。")
                .Check(g.OwnerMemberId is { } o && o != Guid.Empty, "guesthouse.ownerMemberId", "请指明经营者的党员编号。")
                .Check(g.OpenedOn is not null && g.OpenedOn <= today, "guesthouse.openedOn", "请填写不晚于今天的开业日期。")
                .Check(g.BusinessLicence is null || g.BusinessLicence.Length <= 100, "guesthouse.businessLicence", "营业执照编号最多 100 个字符。");
        }
        validator.ThrowIfInvalid();

        var year = request.Year ?? today.Year;
        var subjectId = isGuesthouse ? request.SubjectId ?? Guid.CreateVersion7() : request.SubjectId!.Value;
        var application = isGuesthouse ? new GuesthouseApplication(g!.BusinessLicence.Trimmed(), g.OpenedOn!.Value, g.LeadsMet?.Distinct().ToArray() ?? []) : null;
        var settings = await db.SettingsAsync(today, ct);
        var check = await db.CheckAsync(type, subjectId, year, request.Month, application, g?.OwnerMemberId, today, settings, ct);
        // Scope before eligibility: another township's subject is "not found", its facts are not discussed.
        if (check.OrgUnitId is { } org) await scope.EnsureContainsAsync(org, "subjects", ct);
        if (check.Reasons.Count > 0)
            throw ApiSupport.Refuse("honors.not_eligible", $"不符合“{type.Name}”的推荐条件：", check.Reasons);
        var orgUnitId = check.OrgUnitId!.Value;
        var month = type.Rule == EligibilityRule.StarOfMonth ? request.Month : null;
        if (await db.Nominations.AnyAsync(n => n.SubjectId == subjectId && n.HonorTypeCode == type.Code && n.Year == year && n.Month == month
                && n.Status != NominationStatus.Rejected, ct))
            throw DomainException.Conflict("honors.duplicate_nomination", "该对象本年度（月度）已有同一荣誉的推荐在办或已授予。");

        var unit = await db.OrgUnits.AsNoTracking().Where(u => u.Id == orgUnitId).Select(u => new { u.Path, u.Version }).FirstAsync(ct);
        var path = unit.Path;
        var nomination = new Nomination
        {
            Id = Guid.CreateVersion7(), HonorTypeCode = type.Code, Level = request.Level ?? type.Level, Year = year, Month = month,
            SubjectKind = type.SubjectKind, SubjectId = subjectId, SubjectName = isGuesthouse ? g!.Name!.Trim() : check.Name ?? "",
            OrgUnitId = orgUnitId, OrgPath = path, OrgVersion = unit.Version, Deeds = request.Deeds!.Trim(), Status = NominationStatus.UnderReview,
            NominatedBy = http.User.Actor(), NominatedAt = now,
            OwnerMemberId = g?.OwnerMemberId, BusinessLicence = application?.BusinessLicence, OpenedOn = application?.OpenedOn,
            LeadsMet = application?.LeadsMet.ToArray(),
        };
        db.Nominations.Add(nomination);
        db.Audit(http.User, now, "nomination", nomination.Id, path, "nominated", null, nomination.Status.Wire(), $"{type.Name}：{nomination.SubjectName}");
        // The reviewing bureaus and, for a member under sanction, the discipline commission learn it by webhook.
        await db.AddAwaitingReviewAsync(nomination, type, now, ct);
        await db.AddIfMemberSanctionedAsync(nomination, type, settings.CleanRecordYearsBack, now, ct);
        await db.SaveAsync(ct);
        return TypedResults.Created($"/api/honors/nominations/{nomination.Id}", await LoadResponseAsync(db, nomination, ct));
    }

    private static async Task<Nomination> FindAsync(HonorsDbContext db, OrgScope scope, Guid id, CancellationToken ct)
    {
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        return await db.Nominations.FirstOrDefaultAsync(n => n.Id == id && n.OrgPath.StartsWith(prefix), ct) ?? throw DomainException.NotFound("nominations");
    }

    private static async Task<NominationResponse> LoadResponseAsync(HonorsDbContext db, Nomination n, CancellationToken ct)
    {
        var required = await db.HonorTypes.AsNoTracking().Where(t => t.Code == n.HonorTypeCode).Select(t => t.RequiredReviewers).FirstAsync(ct);
        var opinions = await db.ReviewOpinions.AsNoTracking().Where(o => o.NominationId == n.Id).OrderBy(o => o.GivenAt).ToListAsync(ct);
        var objections = await db.NoticeObjections.AsNoTracking().Where(o => o.NominationId == n.Id).OrderBy(o => o.FiledAt).ToListAsync(ct);
        var given = opinions.Select(o => o.Unit).ToHashSet();
        return new NominationResponse(n.Id, n.HonorTypeCode, n.Level, n.Year, n.Month, n.SubjectKind, n.SubjectId, n.SubjectName, n.OrgUnitId, n.Deeds,
            n.Status, n.NominatedBy, n.NominatedAt, n.NoticeStartsOn, n.NoticeEndsOn, n.RejectionReason, n.Batch, n.AwardId,
            n.OwnerMemberId, n.BusinessLicence, n.OpenedOn, n.LeadsMet, required, required.Where(u => !given.Contains(u)).ToList(),
            opinions.Select(o => new OpinionResponse(o.Id, o.Unit, o.Unit.ChineseName(), o.Verdict, o.Comment, o.GivenBy, o.GivenAt)).ToList(),
            objections.Select(o => new ObjectionResponse(o.Id, o.Content, o.FiledBy, o.FiledAt, o.Upheld, o.Resolution, o.ResolvedAt)).ToList());
    }

    private static async Task<Ok<NominationResponse>> Get(Guid id, HonorsDbContext db, OrgScope scope, CancellationToken ct) =>
        TypedResults.Ok(await LoadResponseAsync(db, await FindAsync(db, scope, id, ct), ct));

    private static async Task<Ok<Page<NominationSummary>>> List([QueryEnum(typeof(NominationStatus))] string? status, string? type, int? year, int? page, int? pageSize,
        HonorsDbContext db, OrgScope scope, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var query = db.Nominations.AsNoTracking().Where(n => n.OrgPath.StartsWith(prefix));
        if (QueryEnums.Parse<NominationStatus>(status, "status") is { } st) query = query.Where(n => n.Status == st);
        if (!string.IsNullOrWhiteSpace(type)) query = query.Where(n => n.HonorTypeCode == type);
        if (year is not null) query = query.Where(n => n.Year == year);
        return TypedResults.Ok(await query.OrderByDescending(n => n.NominatedAt)
            .Select(n => new NominationSummary(n.Id, n.HonorTypeCode, n.Year, n.Month, n.SubjectKind, n.SubjectId, n.SubjectName, n.OrgUnitId, n.Status, n.NoticeEndsOn, n.Batch))
            .ToPageAsync(paging, ct));
    }

    private static async Task<Ok<NominationResponse>> GiveOpinion(Guid id, OpinionRequest request, HonorsDbContext db, OrgScope scope, HttpContext http,
        TimeProvider clock, CancellationToken ct)
    {
        new Validator()
            .Check(request.Verdict is not null, "verdict", "请选择意见：pass（通过）或 objection（异议）。")
            .Check(!string.IsNullOrWhiteSpace(request.Comment) && request.Comment.Length <= 2000, "comment", "请填写意见说明（最多 2000 字）。")
            .ThrowIfInvalid();
        var subject = http.User.Actor();
        // A client registered in identity names its bureau in the token; the seeded client ids (and development tokens) are looked up.
        var unit = Catalog.UnitOfBureau(http.User.FindFirst(PartyClaims.Bureau)?.Value)
            ?? await db.ReviewingClients.AsNoTracking().Where(c => c.Subject == subject).Select(c => (ReviewingUnit?)c.Unit).FirstOrDefaultAsync(ct)
            ?? throw new DomainException("honors.reviewer_unknown", $"调用方“{subject}”未登记为联审单位，请联系县委组织部登记。", 403);
        var nomination = await FindAsync(db, scope, id, ct);
        var required = await db.HonorTypes.AsNoTracking().Where(t => t.Code == nomination.HonorTypeCode).Select(t => t.RequiredReviewers).FirstAsync(ct);
        if (!required.Contains(unit))
            throw new DomainException("honors.reviewer_not_required", $"“{unit.ChineseName()}”不是该荣誉类别的联审单位。", 422);
        if (nomination.Status != NominationStatus.UnderReview)
            throw DomainException.Conflict("honors.not_under_review", "该推荐已不在联审阶段，不能再提交意见。");
        var now = clock.GetUtcNow();
        var latest = await db.ReviewOpinions.AsNoTracking().Where(o => o.NominationId == id && o.Unit == unit)
            .OrderByDescending(o => o.GivenAt).ThenByDescending(o => o.Id).FirstOrDefaultAsync(ct);
        // The unit's opinion on the nomination is the natural key: the same opinion sent again (another Idempotency-Key)
        // is the one already recorded, not a second one; a different opinion replaces it (e.g. an objection withdrawn).
        if (latest is not null && latest.Verdict == request.Verdict && latest.Comment == request.Comment!.Trim())
            return TypedResults.Ok(await LoadResponseAsync(db, nomination, ct));
        var previous = latest?.Verdict;
        db.ReviewOpinions.Add(new ReviewOpinion
        {
            Id = Guid.CreateVersion7(), NominationId = id, Unit = unit, Verdict = request.Verdict!.Value, Comment = request.Comment!.Trim(),
            GivenBy = subject, GivenAt = now,
        });
        db.Audit(http.User, now, "nomination", id, nomination.OrgPath, $"opinion:{unit.Wire()}", previous?.Wire(), request.Verdict.Value.Wire(), request.Comment.Trim());
        await db.SaveAsync(ct);
        return TypedResults.Ok(await LoadResponseAsync(db, nomination, ct));
    }

    private static async Task<Dictionary<ReviewingUnit, Verdict>> LatestOpinionsAsync(HonorsDbContext db, Guid id, CancellationToken ct) =>
        (await db.ReviewOpinions.AsNoTracking().Where(o => o.NominationId == id).OrderBy(o => o.GivenAt).ThenBy(o => o.Id).ToListAsync(ct))
            .GroupBy(o => o.Unit).ToDictionary(g => g.Key, g => g.Last().Verdict);

    private static async Task<Ok<NominationResponse>> Approve(Guid id, HonorsDbContext db, OrgScope scope, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var nomination = await FindAsync(db, scope, id, ct);
        var required = await db.HonorTypes.AsNoTracking().Where(t => t.Code == nomination.HonorTypeCode).Select(t => t.RequiredReviewers).FirstAsync(ct);
        var blockers = Workflow.ApprovalBlockers(nomination.Status, required, await LatestOpinionsAsync(db, id, ct));
        if (blockers.Count > 0) throw ApiSupport.Refuse("honors.approval_blocked", "暂不能审批：", blockers);
        var now = clock.GetUtcNow();
        var today = BusinessDate.Of(now);
        var settings = await db.SettingsAsync(today, ct);
        nomination.Status = NominationStatus.OnNotice;
        var notice = await db.NoticeAsync(nomination.OrgPath, today, settings.NoticeWorkingDays, ct);
        nomination.NoticeStartsOn = notice.StartsOn;
        nomination.NoticeEndsOn = notice.EndsOn;
        db.Audit(http.User, now, "nomination", id, nomination.OrgPath, "approved", NominationStatus.UnderReview.Wire(), NominationStatus.OnNotice.Wire(),
            $"公示 {nomination.NoticeStartsOn:yyyy-MM-dd} 至 {nomination.NoticeEndsOn:yyyy-MM-dd}");
        await db.SaveAsync(ct);
        return TypedResults.Ok(await LoadResponseAsync(db, nomination, ct));
    }

    private static async Task<Ok<NominationResponse>> Reject(Guid id, ReasonRequest request, HonorsDbContext db, OrgScope scope, HttpContext http,
        TimeProvider clock, CancellationToken ct)
    {
        new Validator().Check(!string.IsNullOrWhiteSpace(request.Reason) && request.Reason.Length <= 1000, "reason", "请写明不予通过的理由（最多 1000 字）。").ThrowIfInvalid();
        var nomination = await FindAsync(db, scope, id, ct);
        if (nomination.Status is NominationStatus.Awarded or NominationStatus.Rejected)
            throw DomainException.Conflict("honors.already_decided", "该推荐已办结，不能再改变结论；已授予的荣誉请走复核撤销。");
        var now = clock.GetUtcNow();
        var from = nomination.Status;
        nomination.Status = NominationStatus.Rejected;
        nomination.RejectionReason = request.Reason!.Trim();
        db.Audit(http.User, now, "nomination", id, nomination.OrgPath, "rejected", from.Wire(), NominationStatus.Rejected.Wire(), nomination.RejectionReason);
        await db.SaveAsync(ct);
        return TypedResults.Ok(await LoadResponseAsync(db, nomination, ct));
    }

    private static async Task<Created<ObjectionResponse>> Object(Guid id, ObjectionRequest request, HonorsDbContext db, OrgScope scope, HttpContext http,
        TimeProvider clock, CancellationToken ct)
    {
        new Validator().Check(!string.IsNullOrWhiteSpace(request.Content) && request.Content.Length <= 2000, "content", "请填写异议内容（最多 2000 字）。").ThrowIfInvalid();
        var nomination = await FindAsync(db, scope, id, ct);
        var now = clock.GetUtcNow();
        if (!Workflow.MayObject(nomination.Status, nomination.NoticeEndsOn, BusinessDate.Of(now)))
            throw DomainException.Conflict("honors.notice_not_open", "该推荐不在公示期内，不能提出公示异议。");
        var objection = new NoticeObjection { Id = Guid.CreateVersion7(), NominationId = id, Content = request.Content!.Trim(), FiledBy = http.User.Actor(), FiledAt = now };
        db.NoticeObjections.Add(objection);
        db.Audit(http.User, now, "nomination", id, nomination.OrgPath, "objection_filed", null, "open", objection.Content);
        await db.SaveAsync(ct);
        return TypedResults.Created($"/api/honors/nominations/{id}", ToResponse(objection));
    }

    private static ObjectionResponse ToResponse(NoticeObjection o) => new(o.Id, o.Content, o.FiledBy, o.FiledAt, o.Upheld, o.Resolution, o.ResolvedAt);

    private static async Task<Ok<ObjectionResponse>> ResolveObjection(Guid id, Guid objectionId, ResolveObjectionRequest request, HonorsDbContext db,
        OrgScope scope, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        new Validator()
            .Check(request.Upheld is not null, "upheld", "请说明异议是否成立。")
            .Check(!string.IsNullOrWhiteSpace(request.Resolution) && request.Resolution.Length <= 2000, "resolution", "请填写处理意见（最多 2000 字）。")
            .ThrowIfInvalid();
        var nomination = await FindAsync(db, scope, id, ct);
        var objection = await db.NoticeObjections.FirstOrDefaultAsync(o => o.Id == objectionId && o.NominationId == id, ct) ?? throw DomainException.NotFound("objections");
        if (objection.Upheld is not null) throw DomainException.Conflict("honors.objection_resolved", "该异议已处理。");
        var now = clock.GetUtcNow();
        objection.Upheld = request.Upheld;
        objection.Resolution = request.Resolution!.Trim();
        objection.ResolvedAt = now;
        db.Audit(http.User, now, "nomination", id, nomination.OrgPath, "objection_resolved", "open", request.Upheld!.Value ? "upheld" : "dismissed", objection.Resolution);
        if (request.Upheld.Value && nomination.Status == NominationStatus.OnNotice)
        {
            nomination.Status = NominationStatus.Rejected;
            nomination.RejectionReason = $"公示异议成立：{objection.Resolution}";
            db.Audit(http.User, now, "nomination", id, nomination.OrgPath, "rejected", NominationStatus.OnNotice.Wire(), NominationStatus.Rejected.Wire(), nomination.RejectionReason);
        }
        await db.SaveAsync(ct);
        return TypedResults.Ok(ToResponse(objection));
    }

    private static async Task<Ok<AwardBatchResponse>> AwardBatch(AwardBatchRequest request, HonorsDbContext db, OrgScope scope, HttpContext http,
        TimeProvider clock, HonorRollCache cache, CancellationToken ct)
    {
        new Validator()
            .Check(!string.IsNullOrWhiteSpace(request.Name) && request.Name.Trim().Length <= 100, "name", "请填写表彰批次名称（如“2026 七一表彰”，最多 100 字）。")
            .Check(request.NominationIds is { Length: > 0 and <= 500 }, "nominationIds", "请列出 1 到 500 条要表彰的推荐。")
            .ThrowIfInvalid();
        var ids = request.NominationIds!.Distinct().ToList();
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var nominations = await db.Nominations.Where(n => ids.Contains(n.Id) && n.OrgPath.StartsWith(prefix)).ToListAsync(ct);
        if (nominations.Count != ids.Count) throw DomainException.NotFound("nominations");

        var now = clock.GetUtcNow();
        var today = BusinessDate.Of(now);
        var settings = await db.SettingsAsync(today, ct);
        var types = await db.HonorTypes.AsNoTracking().ToDictionaryAsync(t => t.Code, ct);
        var openObjections = await db.NoticeObjections.AsNoTracking().Where(o => ids.Contains(o.NominationId) && o.Upheld == null)
            .GroupBy(o => o.NominationId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var blockers = new List<IneligibilityReason>();
        foreach (var n in nominations)
        {
            var reasons = Workflow.AwardBlockers(n.Status, n.NoticeEndsOn, today, openObjections.GetValueOrDefault(n.Id)).ToList();
            if (reasons.Count == 0)
            {
                // Facts may have changed since nomination (a veto, a sanction): the rule is checked again at the award.
                var application = n.OpenedOn is { } opened ? new GuesthouseApplication(n.BusinessLicence, opened, n.LeadsMet ?? []) : null;
                var check = await db.CheckAsync(types[n.HonorTypeCode], n.SubjectId, n.Year, n.Month, application, n.OwnerMemberId, today, settings, ct);
                reasons.AddRange(check.Reasons);
            }
            blockers.AddRange(reasons.Select(r => new IneligibilityReason($"{n.Id}", $"{n.SubjectName}（{types[n.HonorTypeCode].Name}）：{r.Detail}")));
        }
        if (blockers.Count > 0) throw ApiSupport.Refuse("honors.award_blocked", "本批次不能表彰，以下推荐未满足条件：", blockers);

        var batch = request.Name!.Trim();
        var awarded = new List<AwardedItem>();
        var profileIds = nominations.Select(n => n.SubjectId).ToList();
        var existingProfiles = await db.Profiles.Where(p => profileIds.Contains(p.Id)).Select(p => p.Id).ToListAsync(ct);
        var newProfiles = new HashSet<Guid>();
        foreach (var n in nominations)
        {
            var type = types[n.HonorTypeCode];
            var award = new Award
            {
                Id = Guid.CreateVersion7(), NominationId = n.Id, HonorTypeCode = type.Code, HonorName = type.Name, Level = n.Level, SubjectKind = n.SubjectKind,
                SubjectId = n.SubjectId, SubjectName = n.SubjectName, OrgUnitId = n.OrgUnitId, OrgPath = n.OrgPath, OrgVersion = n.OrgVersion, Year = n.Year, Batch = batch,
                AwardedAt = now, Status = AwardStatus.Active,
            };
            db.Awards.Add(award);
            n.Status = NominationStatus.Awarded;
            n.Batch = batch;
            n.AwardId = award.Id;
            if (!existingProfiles.Contains(n.SubjectId) && newProfiles.Add(n.SubjectId))
                db.Profiles.Add(ModelDatabaseApi.NewProfile(n.SubjectId, n.SubjectKind, n.SubjectName, n.OrgUnitId, n.OrgPath, n.OrgVersion, n.Deeds, now));
            db.AddEvent(new HonorAwarded
            {
                AwardId = award.Id, HonorTypeCode = type.Code, HonorName = type.Name, Level = award.Level.Wire(), SubjectKind = award.SubjectKind.Wire(),
                SubjectId = award.SubjectId, OrgUnitId = award.OrgUnitId, Year = award.Year, Batch = batch, OccurredAt = now,
            }, now);
            db.Audit(http.User, now, "nomination", n.Id, n.OrgPath, "awarded", NominationStatus.OnNotice.Wire(), NominationStatus.Awarded.Wire(), batch);
            db.Audit(http.User, now, "award", award.Id, n.OrgPath, "awarded", null, AwardStatus.Active.Wire(), batch);
            awarded.Add(new AwardedItem(n.Id, award.Id, n.SubjectId, n.SubjectName));
        }
        await db.SaveAsync(ct);
        await db.Database.AfterCommitAsync(cache.InvalidateAsync);
        return TypedResults.Ok(new AwardBatchResponse(batch, awarded));
    }
}
