using Party.Messaging.Calendar;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Party.Branches.Data;
using Party.Branches.Domain.OrgUnits;
using Party.Branches.Domain.Ratings;
using Party.Messaging;
using Party.Messaging.Audit;
using Party.ServiceDefaults.Idempotency;
using Party.ServiceDefaults;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.Branches.Apis;

public sealed record SelfAssessRequest(Guid? BranchId, int? Year, Dictionary<string, decimal>? Scores, [FreeText] string? Summary = null);
public sealed record ReviewRatingRequest(bool? KeyTasksDone, Dictionary<string, decimal>? Scores = null, [FreeText] string? Comment = null);
public sealed record FileObjectionRequest([FreeText] string? Text);
public sealed record ResolveObjectionRequest([FreeText] string? Resolution);
public sealed record CreateTemplateRequest(OrgDomain? Domain, int? EffectiveYear, List<RatingDimension>? Dimensions);

public sealed record ObjectionResponse(Guid Id, string Text, string FiledBy, DateTimeOffset FiledAt, string? Resolution, DateTimeOffset? ResolvedAt);
public sealed record RatingResponse(Guid Id, Guid BranchId, int Year, RatingStatus Status, IReadOnlyDictionary<string, decimal> SelfScores, decimal SelfScore,
    string? SelfSummary, IReadOnlyDictionary<string, decimal>? ReviewScores, decimal? Score, bool KeyTasksDone, int? ThresholdStars, int? Stars,
    DateOnly? NoticeStartsOn, DateOnly? NoticeEndsOn, DateTimeOffset? PublishedAt, bool NextYearUplift, IReadOnlyList<ObjectionResponse> Objections);
public sealed record ApprovalResult(int Approved, DateOnly NoticeStartsOn, DateOnly NoticeEndsOn, int QuotaDropped);
public sealed record FinalizeResult(int Published, int SubsidyRows, int AdjustmentCases, int BlockedByObjections, int NoticeNotOver);
public sealed record RatingHistoryItem(Guid RatingId, int Year, RatingStatus Status, decimal? Score, int? Stars, bool NextYearUplift, DateTimeOffset? PublishedAt);
public sealed record AdjustmentCaseResponse(Guid Id, Guid BranchId, string BranchName, int Year, Guid RatingId, DateTimeOffset OpenedAt);

/// <summary>Star rating (分类评星): self-assessment → township review → county approval and public notice → final.</summary>
public static class RatingsApi
{
    public static IEndpointRouteBuilder MapRatingsApi(this IEndpointRouteBuilder app)
    {
        var templates = app.MapGroup("/api/branches/rating-templates").WithTags("Ratings");
        templates.MapGet("/", GetTemplate).WithName("GetRatingTemplate").WithSummary("某领域某年度适用的五个评星维度。");
        templates.MapPost("/", CreateTemplate).RequireRole(PartyRoles.County, PartyRoles.Operator)
            .WithName("CreateRatingTemplate").WithSummary("县委组织部为某领域设定自某年度起适用的五个维度（合计 100 分）。");

        var g = app.MapGroup("/api/branches/ratings").WithTags("Ratings");
        g.MapPost("/", SelfAssess).RequireRole(PartyRoles.Branch, PartyRoles.Township, PartyRoles.County)
            .WithName("SelfAssessRating").WithSummary("支部自评：按模板五个维度打分，开启本年度评星。");
        g.MapGet("/", List).WithName("ListRatings").WithSummary("分页列出管辖范围内的评星。");
        g.MapGet("/{id:guid}", Get).WithName("GetRating").WithSummary("查看一条评星（含公示异议）。");
        g.MapPost("/{id:guid}/review", Review).RequireRole(PartyRoles.Township, PartyRoles.County)
            .WithName("ReviewRating").WithSummary("乡镇审核：复核打分并确认重点任务完成情况（支持 If-Match）。");
        g.MapPost("/{id:guid}/objections", FileObjection).WithName("FileRatingObjection").WithSummary("公示期内提出异议；未处理的异议阻止评星公布。");
        g.MapPost("/{id:guid}/objections/{objectionId:guid}/resolve", ResolveObjection).RequireRole(PartyRoles.County)
            .WithName("ResolveRatingObjection").WithSummary("县委组织部处理异议。");

        var rounds = app.MapGroup("/api/branches/rating-rounds/{year:int}").WithTags("Ratings").RequireRole(PartyRoles.County);
        rounds.MapPost("/approve", Approve).WithName("ApproveRatingRound").WithSummary("县级审定：按分数线和县定比例定星，进入公示（默认 5 个工作日）。");
        rounds.MapPost("/finalize", FinalizeRound).WithName("FinalizeRatingRound")
            .WithSummary("公示期满且无未处理异议的评星正式公布：发布 BranchRatingPublished，生成补贴台账和书记调整事项。");

        app.MapGet("/api/branches/branches/{branchId:guid}/rating-history", History).WithTags("Ratings")
            .WithName("RatingHistory").WithSummary("某支部历年评星结果。");
        app.MapGet("/api/branches/adjustment-cases", AdjustmentCases).WithTags("Ratings")
            .WithName("ListAdjustmentCases").WithSummary("连续两年一星的支部书记调整事项。");
        return app;
    }

    private static async Task<RatingTemplate> TemplateForAsync(BranchesDbContext db, OrgDomain domain, int year, CancellationToken ct) =>
        await db.RatingTemplates.AsNoTracking().Where(t => t.Domain == domain && t.EffectiveYear <= year).OrderByDescending(t => t.EffectiveYear).FirstOrDefaultAsync(ct)
        ?? throw new DomainException("ratings.no_template", "该领域在此年度没有可用的评星模板，请先由县委组织部设定。", 422);

    private static async Task<Ok<RatingTemplate>> GetTemplate([QueryEnum(typeof(OrgDomain))] string? domain, int? year, BranchesDbContext db, CancellationToken ct)
    {
        var d = QueryEnums.Parse<OrgDomain>(domain, "domain");
        new Validator().Check(d is not null, "domain", "请指定领域。").Check(year is null or >= 2000 and <= 2100, "year", "年份须在 2000–2100 之间。").ThrowIfInvalid();
        return TypedResults.Ok(await TemplateForAsync(db, d!.Value, year ?? 2100, ct));
    }

    private static async Task<Created<RatingTemplate>> CreateTemplate(CreateTemplateRequest request, BranchesDbContext db, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var v = new Validator().Check(request.Domain is not null, "domain", "请指定领域。")
            .Check(request.EffectiveYear is >= 2000 and <= 2100, "effectiveYear", "起用年度须在 2000–2100 之间。");
        foreach (var (field, message) in RatingTemplate.Problems(request.Dimensions)) v.Check(false, field, message);
        v.ThrowIfInvalid();
        if (await db.RatingTemplates.AnyAsync(t => t.Domain == request.Domain && t.EffectiveYear == request.EffectiveYear, ct))
            throw DomainException.Conflict("ratings.template_exists", "该领域该年度已有评星模板；如需调整请设定下一年度起用的新模板。");
        var now = clock.GetUtcNow();
        var template = new RatingTemplate
        {
            Id = Guid.CreateVersion7(), Domain = request.Domain!.Value, EffectiveYear = request.EffectiveYear!.Value,
            Dimensions = request.Dimensions!.Select(d => d with { Key = d.Key.Trim(), Name = d.Name.Trim() }).ToList(), CreatedAt = now,
        };
        db.RatingTemplates.Add(template);
        db.Audit(http.User, now, "rating_template", template.Id, "/", "created", to: $"{template.Domain} {template.EffectiveYear}");
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/branches/rating-templates?domain={template.Domain}&year={template.EffectiveYear}", template);
    }

    private static async Task<Created<RatingResponse>> SelfAssess(SelfAssessRequest request, BranchesDbContext db, OrgScope scope, HttpContext http,
        TimeProvider clock, CancellationToken ct)
    {
        var today = clock.Today();
        new Validator()
            .Check(request.BranchId is not null, "branchId", "请指定党支部。")
            .Check(request.Year is >= 2000 && request.Year <= today.Year, "year", "评星年度须为今年或以前的年度。")
            .Check(request.Scores is { Count: > 0 }, "scores", "请按评星模板填写各项自评分。")
            .Check(request.Summary is null || request.Summary.Length <= 2000, "summary", "自评说明最多 2000 字。")
            .ThrowIfInvalid();
        var branch = await ApiSupport.BranchInScopeAsync(db, scope, request.BranchId, "ratings.branch", ct);
        var template = await TemplateForAsync(db, branch.Domain, request.Year!.Value, ct);
        var total = template.Total(request.Scores, "scores");
        if (await db.Ratings.AnyAsync(r => r.BranchId == branch.Id && r.Year == request.Year, ct))
            throw DomainException.Conflict("ratings.exists", $"该支部 {request.Year} 年度已有评星记录。");
        var now = clock.GetUtcNow();
        var rating = new BranchRating
        {
            Id = Guid.CreateVersion7(), BranchId = branch.Id, OrgPath = branch.Path, Year = request.Year.Value, TemplateId = template.Id,
            Status = RatingStatus.SelfAssessed, SelfScores = new(request.Scores!), SelfScore = total, SelfSummary = request.Summary?.Trim(), SelfAssessedAt = now,
        };
        db.Ratings.Add(rating);
        db.Audit(http.User, now, "branch_rating", rating.Id, rating.OrgPath, "self_assessed", to: $"{RatingStatus.SelfAssessed} {total}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            throw DomainException.Conflict("ratings.exists", $"该支部 {request.Year} 年度已有评星记录。");
        }
        http.Response.Headers.ETag = ETags.Format(rating.RowVersion);
        return TypedResults.Created($"/api/branches/ratings/{rating.Id}", ToResponse(rating, []));
    }

    private static async Task<Ok<RatingResponse>> Review(Guid id, ReviewRatingRequest request, BranchesDbContext db, OrgScope scope, HttpContext http,
        TimeProvider clock, CancellationToken ct)
    {
        new Validator()
            .Check(request.KeyTasksDone is not null, "keyTasksDone", "请确认年度重点任务是否完成。")
            .Check(request.Comment is null || request.Comment.Length <= 2000, "comment", "审核意见最多 2000 字。")
            .ThrowIfInvalid();
        var rating = await FindAsync(db, scope, id, ct);
        db.ApplyIfMatch(rating, http.Request);
        rating.EnsureStatus(RatingStatus.SelfAssessed, "审核");
        var template = await db.RatingTemplates.AsNoTracking().FirstAsync(t => t.Id == rating.TemplateId, ct);
        var scores = request.Scores ?? rating.SelfScores;
        var total = template.Total(scores, "scores");
        var county = ApiSupport.CountyOf(rating.OrgPath);
        var policy = await ApiSupport.PolicyAsync(db, county, new DateOnly(rating.Year, 12, 31), ct);
        var now = clock.GetUtcNow();
        rating.ReviewScores = new(scores);
        rating.Score = total;
        rating.KeyTasksDone = request.KeyTasksDone!.Value;
        rating.ReviewComment = request.Comment?.Trim();
        rating.ThresholdStars = policy.Thresholds.StarsFor(total);
        rating.Status = RatingStatus.TownshipReviewed;
        rating.ReviewedAt = now;
        db.Audit(http.User, now, "branch_rating", rating.Id, rating.OrgPath, "reviewed", $"{RatingStatus.SelfAssessed} {rating.SelfScore}",
            $"{RatingStatus.TownshipReviewed} {total} ★{rating.ThresholdStars}", request.Comment);
        await db.SaveChangesAsync(ct);
        http.Response.Headers.ETag = ETags.Format(rating.RowVersion);
        return TypedResults.Ok(ToResponse(rating, []));
    }

    private static async Task<Ok<ApprovalResult>> Approve(int year, BranchesDbContext db, OrgScope scope, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var county = await ApiSupport.CallerCountyAsync(db, scope, ct);
        var notReviewed = await db.Ratings.CountAsync(r => r.Year == year && r.OrgPath.StartsWith(county.Path) && r.Status == RatingStatus.SelfAssessed, ct);
        if (notReviewed > 0)
            throw DomainException.Conflict("ratings.round_incomplete", $"还有 {notReviewed} 个支部的自评未经乡镇审核；县定比例须在全县审核完毕后统一审定。");
        var batch = await db.Ratings.AsNoTracking()
            .Where(r => r.Year == year && r.OrgPath.StartsWith(county.Path) && r.Status == RatingStatus.TownshipReviewed)
            .Select(r => new RatedBranch(r.Id, r.Score!.Value, r.ThresholdStars!.Value)).ToListAsync(ct);
        if (batch.Count == 0) throw DomainException.Conflict("ratings.nothing_to_approve", $"{year} 年度没有待县级审定的评星。");

        var policy = await ApiSupport.PolicyAsync(db, county.Id, new DateOnly(year, 12, 31), ct);
        // The quota is judged over the whole batch, which is why every self-assessment must be reviewed first.
        var stars = QuotaAllocator.Apply(batch, policy.Quota);
        var today = clock.Today();
        var (startsOn, endsOn) = await db.NoticeAsync(county.Path, today, policy.NoticeWorkingDays, ct);
        var now = clock.GetUtcNow();
        var ids = batch.Select(b => b.Id).ToArray();
        var starArray = batch.Select(b => stars[b.Id]).ToArray();
        var (actor, actorName) = (http.User.Actor(), http.User.ActorName());

        await using var tx = await db.Database.BeginOrJoinTransactionAsync(ct);
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            UPDATE branch_ratings r SET status = 'InNotice', stars = v.stars, approved_at = {now}, notice_starts_on = {startsOn}, notice_ends_on = {endsOn}
            FROM unnest({ids}, {starArray}) AS v(id, stars)
            WHERE r.id = v.id AND r.status = 'TownshipReviewed'
            """, ct);
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO audit_entries (at, actor, actor_name, entity, entity_id, action, "from", "to", reason, org_path)
            SELECT {now}, {actor}, {actorName}, 'branch_rating', r.id::text, 'approved', 'TownshipReviewed ★' || r.threshold_stars,
                   'InNotice ★' || r.stars, {"公示至 " + endsOn.ToString("yyyy-MM-dd")}, r.org_path
            FROM branch_ratings r WHERE r.id = ANY({ids})
            """, ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(new ApprovalResult(batch.Count, startsOn, endsOn, batch.Count(b => stars[b.Id] != b.Stars)));
    }

    private static async Task<Ok<FinalizeResult>> FinalizeRound(int year, BranchesDbContext db, OrgScope scope, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var county = await ApiSupport.CallerCountyAsync(db, scope, ct);
        var like = ApiSupport.Like(county.Path);
        var policy = await ApiSupport.PolicyAsync(db, county.Id, new DateOnly(year, 12, 31), ct);
        var today = clock.Today();
        var now = clock.GetUtcNow();
        var (actor, actorName) = (http.User.Actor(), http.User.ActorName());
        var tariff = policy.Tariff;

        await using var tx = await db.Database.BeginOrJoinTransactionAsync(ct);
        // One statement: the ratings turn final and, in the same transaction, their events (outbox),
        // subsidy rows from the year's tariff, ★1-twice adjustment cases and audit entries are written.
        var counts = (await db.QueryAsync($"""
            WITH fin AS (
                UPDATE branch_ratings r SET status = 'Final', published_at = {now}
                WHERE r.year = {year} AND r.status = 'InNotice' AND r.org_path LIKE {like} AND r.notice_ends_on < {today}
                  AND NOT EXISTS (SELECT 1 FROM rating_objections o WHERE o.rating_id = r.id AND o.resolved_at IS NULL)
                RETURNING r.id, r.branch_id, r.org_path, r.year, r.score, r.stars
            ), sub AS (
                INSERT INTO subsidy_entries (id, branch_id, org_path, year, rating_id, stars, amount, secretary_share, status, created_at)
                SELECT gen_random_uuid(), f.branch_id, f.org_path, f.year, f.id, f.stars, a.amount, round(a.amount * {tariff.SecretarySharePercent} / 100, 2), 'Pending', {now}
                FROM fin f CROSS JOIN LATERAL (SELECT CASE f.stars WHEN 5 THEN {tariff.Star5Amount} ELSE {tariff.Star4Amount} END::numeric(14,2) AS amount) a
                WHERE f.stars >= 4
                ON CONFLICT (branch_id, year) DO NOTHING
                RETURNING id
            ), adj AS (
                INSERT INTO adjustment_cases (id, branch_id, org_path, year, rating_id, opened_at)
                SELECT gen_random_uuid(), f.branch_id, f.org_path, f.year, f.id, {now}
                FROM fin f JOIN branch_ratings p ON p.branch_id = f.branch_id AND p.year = f.year - 1 AND p.status = 'Final' AND p.stars = 1
                WHERE f.stars = 1
                ON CONFLICT (branch_id, year) DO NOTHING
                RETURNING id
            ), evt AS (
                INSERT INTO outbox_messages (message_id, type, body, created_at, attempts)
                SELECT gen_random_uuid(), 'Party.Contracts.Branches.BranchRatingPublished',
                       jsonb_build_object('ratingId', f.id, 'branchId', f.branch_id, 'year', f.year, 'score', f.score, 'stars', f.stars,
                                          'secretaryMemberId', (SELECT s.member_id FROM village_secretaries s WHERE s.branch_id = f.branch_id AND s.status = 'Serving' LIMIT 1),
                                          'occurredAt', {now}),
                       {now}, 0
                FROM fin f
                RETURNING id
            ), aud AS (
                INSERT INTO audit_entries (at, actor, actor_name, entity, entity_id, action, "from", "to", reason, org_path)
                SELECT {now}, {actor}, {actorName}, 'branch_rating', f.id::text, 'published', 'InNotice', 'Final ★' || f.stars, NULL, f.org_path FROM fin f
                RETURNING id
            )
            SELECT (SELECT count(*) FROM fin)::int AS published, (SELECT count(*) FROM sub)::int AS subsidy_rows,
                   (SELECT count(*) FROM adj)::int AS adjustment_cases, (SELECT count(*) FROM evt)::int AS events, (SELECT count(*) FROM aud)::int AS audited
            """, r => new FinalizeCounts(r.GetInt32(0), r.GetInt32(1), r.GetInt32(2), r.GetInt32(3), r.GetInt32(4)), ct)).Single();
        await tx.CommitAsync(ct);

        var waiting = await db.Ratings.AsNoTracking()
            .Where(r => r.Year == year && r.Status == RatingStatus.InNotice && r.OrgPath.StartsWith(county.Path))
            .GroupBy(r => db.RatingObjections.Any(o => o.RatingId == r.Id && o.ResolvedAt == null))
            .Select(g => new { Blocked = g.Key, Count = g.Count() }).ToListAsync(ct);
        return TypedResults.Ok(new FinalizeResult(counts.Published, counts.SubsidyRows, counts.AdjustmentCases,
            waiting.Where(w => w.Blocked).Sum(w => w.Count), waiting.Where(w => !w.Blocked).Sum(w => w.Count)));
    }

    internal sealed record FinalizeCounts(int Published, int SubsidyRows, int AdjustmentCases, int Events, int Audited);

    private static async Task<Created<ObjectionResponse>> FileObjection(Guid id, FileObjectionRequest request, BranchesDbContext db, OrgScope scope,
        HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        new Validator().Check(!string.IsNullOrWhiteSpace(request.Text) && request.Text.Length <= 2000, "text", "请写明异议内容（最多 2000 字）。").ThrowIfInvalid();
        var rating = await FindAsync(db, scope, id, ct);
        if (rating.Status != RatingStatus.InNotice || clock.Today() > rating.NoticeEndsOn)
            throw DomainException.Conflict("ratings.not_in_notice", "只能在公示期内对评星提出异议。");
        var now = clock.GetUtcNow();
        var actor = http.User.Actor();
        var objection = new RatingObjection { Id = Guid.CreateVersion7(), RatingId = rating.Id, OrgPath = rating.OrgPath, Text = request.Text!.Trim(), FiledBy = actor, FiledAt = now };
        db.RatingObjections.Add(objection);
        db.Audit(http.User, now, "branch_rating", rating.Id, rating.OrgPath, "objection_filed", to: objection.Id.ToString(), reason: objection.Text);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/branches/ratings/{rating.Id}", ToResponse(objection));
    }

    private static async Task<Ok<ObjectionResponse>> ResolveObjection(Guid id, Guid objectionId, ResolveObjectionRequest request, BranchesDbContext db,
        OrgScope scope, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        new Validator().Check(!string.IsNullOrWhiteSpace(request.Resolution) && request.Resolution.Length <= 2000, "resolution", "请写明处理结果（最多 2000 字）。").ThrowIfInvalid();
        var rating = await FindAsync(db, scope, id, ct);
        var objection = await db.RatingObjections.FirstOrDefaultAsync(o => o.Id == objectionId && o.RatingId == rating.Id, ct)
            ?? throw DomainException.NotFound("ratings.objection");
        if (objection.ResolvedAt is not null) throw DomainException.Conflict("ratings.objection_resolved", "该异议已处理。");
        var now = clock.GetUtcNow();
        objection.Resolution = request.Resolution!.Trim();
        objection.ResolvedAt = now;
        objection.ResolvedBy = http.User.Actor();
        db.Audit(http.User, now, "branch_rating", rating.Id, rating.OrgPath, "objection_resolved", "open", "resolved", objection.Resolution);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ToResponse(objection));
    }

    private static async Task<Ok<RatingResponse>> Get(Guid id, BranchesDbContext db, OrgScope scope, HttpContext http, CancellationToken ct)
    {
        var rating = await FindAsync(db, scope, id, ct, tracking: false);
        var objections = await db.RatingObjections.AsNoTracking().Where(o => o.RatingId == id).OrderBy(o => o.FiledAt).ToListAsync(ct);
        http.Response.Headers.ETag = ETags.Format(rating.RowVersion);
        return TypedResults.Ok(ToResponse(rating, objections));
    }

    private static async Task<Ok<Page<RatingResponse>>> List(int? year, [QueryEnum(typeof(RatingStatus))] string? status, Guid? branchId, int? stars, int? page, int? pageSize,
        BranchesDbContext db, OrgScope scope, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var query = db.Ratings.AsNoTracking().Where(r => r.OrgPath.StartsWith(prefix));
        if (year is not null) query = query.Where(r => r.Year == year);
        if (QueryEnums.Parse<RatingStatus>(status, "status") is { } st) query = query.Where(r => r.Status == st);
        if (branchId is not null) query = query.Where(r => r.BranchId == branchId);
        if (stars is not null) query = query.Where(r => r.Stars == stars);
        return TypedResults.Ok(await query.OrderBy(r => r.OrgPath).ThenBy(r => r.Year).ToPageAsync(paging, r => ToResponse(r, []), ct));
    }

    private static async Task<Ok<List<RatingHistoryItem>>> History(Guid branchId, BranchesDbContext db, OrgScope scope, CancellationToken ct)
    {
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        if (!await db.OrgUnits.AnyAsync(u => u.Id == branchId && u.Path.StartsWith(prefix), ct)) throw DomainException.NotFound("ratings.branch");
        var items = await db.Ratings.AsNoTracking().Where(r => r.BranchId == branchId).OrderByDescending(r => r.Year).ToListAsync(ct);
        return TypedResults.Ok(items.Select(r => new RatingHistoryItem(r.Id, r.Year, r.Status, r.Score, r.Stars,
            r.Status == RatingStatus.Final && RatingConsequences.NextYearUplift(r.Stars ?? 0, r.KeyTasksDone), r.PublishedAt)).ToList());
    }

    private static async Task<Ok<Page<AdjustmentCaseResponse>>> AdjustmentCases(int? year, int? page, int? pageSize, BranchesDbContext db, OrgScope scope, CancellationToken ct)
    {
        var (skip, take, p, size) = Paging.Resolve(page, pageSize);
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var query = db.AdjustmentCases.AsNoTracking().Where(c => c.OrgPath.StartsWith(prefix));
        if (year is not null) query = query.Where(c => c.Year == year);
        var total = await query.LongCountAsync(ct);
        var items = await query.Join(db.OrgUnits, c => c.BranchId, u => u.Id, (c, u) => new { c, u })
            .OrderBy(x => x.c.Year).ThenBy(x => x.c.OrgPath).Skip(skip).Take(take)
            .Select(x => new AdjustmentCaseResponse(x.c.Id, x.c.BranchId, x.u.Name, x.c.Year, x.c.RatingId, x.c.OpenedAt))
            .ToListAsync(ct);
        return TypedResults.Ok(new Page<AdjustmentCaseResponse>(items, p, size, total));
    }

    private static async Task<BranchRating> FindAsync(BranchesDbContext db, OrgScope scope, Guid id, CancellationToken ct, bool tracking = true)
    {
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var query = tracking ? db.Ratings : db.Ratings.AsNoTracking();
        return await query.FirstOrDefaultAsync(r => r.Id == id && r.OrgPath.StartsWith(prefix), ct) ?? throw DomainException.NotFound("ratings");
    }

    private static ObjectionResponse ToResponse(RatingObjection o) => new(o.Id, o.Text, o.FiledBy, o.FiledAt, o.Resolution, o.ResolvedAt);

    private static RatingResponse ToResponse(BranchRating r, IEnumerable<RatingObjection> objections) => new(r.Id, r.BranchId, r.Year, r.Status,
        r.SelfScores, r.SelfScore, r.SelfSummary, r.ReviewScores, r.Score, r.KeyTasksDone, r.ThresholdStars, r.Stars, r.NoticeStartsOn, r.NoticeEndsOn,
        r.PublishedAt, r.Status == RatingStatus.Final && RatingConsequences.NextYearUplift(r.Stars ?? 0, r.KeyTasksDone),
        objections.Select(ToResponse).ToList());
}
