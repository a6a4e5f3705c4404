using Microsoft.EntityFrameworkCore;
using Npgsql;
using Party.Branches.Apis;
using Party.Branches.Data;
using Party.Branches.Domain.OrgUnits;
using Party.Branches.Domain.Ratings;
using Party.Common;
using Party.Persistence;
using Party.Persistence.Audit;
using Party.ServiceDefaults;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.Branches.Application;

/// <summary>One branch's rating (分类评星): self-assessment, township review, objections during the notice, and reading it back.</summary>
public static class RatingSteps
{
    public static async Task<RatingResponse> SelfAssessAsync(BranchesServices services, SelfAssessRequest request, CancellationToken ct)
    {
        var (db, scope, http, clock) = services;
        var today = clock.Today();
        new Validator()
            .Check(request.BranchId is not null, "branchId", "请指定党支部。")
            .Check(request.Year is >= 2000 && request.Year <= today.Year, "year", "评星年度须为今年或以前的年度。")
            .Check(request.Scores is { Count: > 0 }, "scores", "请按评星模板填写各项自评分。")
            .Check(request.Summary is null || request.Summary.Length <= 2000, "summary", "自评说明最多 2000 字。")
            .ThrowIfInvalid();
        var branch = await Lookups.BranchInScopeAsync(db, scope, request.BranchId, "ratings.branch", ct);
        var template = await RatingTemplates.ForAsync(db, branch.Domain, request.Year!.Value, ct);
        var total = template.Total(request.Scores, "scores");
        if (await db.Ratings.AnyAsync(r => r.BranchId == branch.Id && r.Year == request.Year, ct))
            throw DomainException.Conflict("ratings.exists", $"该支部 {request.Year} 年度已有评星记录。");
        var now = clock.GetUtcNow();
        var rating = new BranchRating
        {
            Id = Guid.CreateVersion7(), BranchId = branch.Id, OrgPath = branch.Path, Year = request.Year.Value, TemplateId = template.Id,
            Status = RatingStatus.SelfAssessed, SelfScores = new(request.Scores!), SelfScore = total, SelfSummary = request.Summary?.Trim(),
            SelfAssessedAt = now,
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
        return RatingResponse.From(rating, []);
    }

    public static async Task<RatingResponse> ReviewAsync(BranchesServices services, Guid id, ReviewRatingRequest request,
        CancellationToken ct)
    {
        var (db, scope, http, clock) = services;
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
        var county = OrgUnit.CountyOf(rating.OrgPath);
        var policy = await Lookups.PolicyAsync(db, county, new DateOnly(rating.Year, 12, 31), ct);
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
        return RatingResponse.From(rating, []);
    }

    public static async Task<ObjectionResponse> FileObjectionAsync(BranchesServices services, Guid id, FileObjectionRequest request,
        CancellationToken ct)
    {
        var (db, scope, http, clock) = services;
        new Validator()
            .Check(!string.IsNullOrWhiteSpace(request.Text) && request.Text.Length <= 2000, "text", "请写明异议内容（最多 2000 字）。")
            .ThrowIfInvalid();
        var rating = await FindAsync(db, scope, id, ct);
        if (rating.Status != RatingStatus.InNotice || clock.Today() > rating.NoticeEndsOn)
            throw DomainException.Conflict("ratings.not_in_notice", "只能在公示期内对评星提出异议。");
        var now = clock.GetUtcNow();
        var actor = http.User.Actor();
        var objection = new RatingObjection
        {
            Id = Guid.CreateVersion7(), RatingId = rating.Id, OrgPath = rating.OrgPath, Text = request.Text!.Trim(), FiledBy = actor,
            FiledAt = now,
        };
        db.RatingObjections.Add(objection);
        db.Audit(http.User, now, "branch_rating", rating.Id, rating.OrgPath, "objection_filed", to: objection.Id.ToString(),
            reason: objection.Text);
        await db.SaveChangesAsync(ct);
        return ObjectionResponse.From(objection);
    }

    public static async Task<ObjectionResponse> ResolveObjectionAsync(BranchesServices services, Guid id, Guid objectionId,
        ResolveObjectionRequest request, CancellationToken ct)
    {
        var (db, scope, http, clock) = services;
        new Validator()
            .Check(!string.IsNullOrWhiteSpace(request.Resolution) && request.Resolution.Length <= 2000, "resolution",
                "请写明处理结果（最多 2000 字）。")
            .ThrowIfInvalid();
        var rating = await FindAsync(db, scope, id, ct);
        var objection = await db.RatingObjections.FirstOrDefaultAsync(o => o.Id == objectionId && o.RatingId == rating.Id, ct)
            ?? throw DomainException.NotFound("ratings.objection");
        if (objection.ResolvedAt is not null) throw DomainException.Conflict("ratings.objection_resolved", "该异议已处理。");
        var now = clock.GetUtcNow();
        objection.Resolution = request.Resolution!.Trim();
        objection.ResolvedAt = now;
        objection.ResolvedBy = http.User.Actor();
        db.Audit(http.User, now, "branch_rating", rating.Id, rating.OrgPath, "objection_resolved", "open", "resolved",
            objection.Resolution);
        await db.SaveChangesAsync(ct);
        return ObjectionResponse.From(objection);
    }

    public static async Task<RatingResponse> GetAsync(BranchesServices services, Guid id, CancellationToken ct)
    {
        var db = services.Db;
        var rating = await FindAsync(db, services.Scope, id, ct, tracking: false);
        var objections = await db.RatingObjections.AsNoTracking().Where(o => o.RatingId == id).OrderBy(o => o.FiledAt).ToListAsync(ct);
        services.Http.Response.Headers.ETag = ETags.Format(rating.RowVersion);
        return RatingResponse.From(rating, objections);
    }

    public static async Task<Page<RatingResponse>> ListAsync(BranchesServices services, int? year, string? status, Guid? branchId,
        int? stars, int? page, int? pageSize, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        var query = services.Db.Ratings.AsNoTracking().Where(r => r.OrgPath.StartsWith(prefix));
        if (year is not null) query = query.Where(r => r.Year == year);
        if (QueryEnums.Parse<RatingStatus>(status, "status") is { } st) query = query.Where(r => r.Status == st);
        if (branchId is not null) query = query.Where(r => r.BranchId == branchId);
        if (stars is not null) query = query.Where(r => r.Stars == stars);
        return await query.OrderBy(r => r.OrgPath).ThenBy(r => r.Year).ToPageAsync(paging, r => RatingResponse.From(r, []), ct);
    }

    public static async Task<List<RatingHistoryItem>> HistoryAsync(BranchesServices services, Guid branchId, CancellationToken ct)
    {
        var db = services.Db;
        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        if (!await db.OrgUnits.AnyAsync(u => u.Id == branchId && u.Path.StartsWith(prefix), ct))
            throw DomainException.NotFound("ratings.branch");
        var items = await db.Ratings.AsNoTracking().Where(r => r.BranchId == branchId).OrderByDescending(r => r.Year).ToListAsync(ct);
        return items.Select(r => new RatingHistoryItem(r.Id, r.Year, r.Status, r.Score, r.Stars,
            r.Status == RatingStatus.Final && RatingConsequences.NextYearUplift(r.Stars ?? 0, r.KeyTasksDone), r.PublishedAt)).ToList();
    }

    private static async Task<BranchRating> FindAsync(BranchesDbContext db, OrgScope scope, Guid id, CancellationToken ct,
        bool tracking = true)
    {
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var query = tracking ? db.Ratings : db.Ratings.AsNoTracking();
        return await query.FirstOrDefaultAsync(r => r.Id == id && r.OrgPath.StartsWith(prefix), ct)
            ?? throw DomainException.NotFound("ratings");
    }
}
