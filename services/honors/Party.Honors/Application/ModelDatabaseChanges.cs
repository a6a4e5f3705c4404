using Microsoft.EntityFrameworkCore;
using Party.Common;
using Party.Contracts.Honors;
using Party.Honors.Apis;
using Party.Honors.Consumers;
using Party.Honors.Data;
using Party.Honors.Domain.HonorTypes;
using Party.Honors.Domain.ModelDatabase;
using Party.Messaging;
using Party.Persistence.Audit;
using Party.ServiceDefaults;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Idempotency;
using Party.ServiceDefaults.Problems;

namespace Party.Honors.Application;

/// <summary>
/// The county's changes to the model database (先进典型信息库, SPEC §6.4): the yearly re-review of an award, external honors
/// recorded, and a profile's deeds and follow-up visits. A change the public honor roll shows drops its cached pages.
/// </summary>
public static class ModelDatabaseChanges
{
    /// <summary>Keeps, downgrades or revokes an award for a year (一年一复核); a revocation is announced as <c>HonorRevoked</c>.</summary>
    public static async Task<(AwardReReview Review, Award Award)> ReReviewAsync(HonorsServices services, Guid id, ReReviewRequest request,
        CancellationToken ct)
    {
        var (db, _, http, clock, cache) = services;
        var award = await ModelDatabaseViews.FindAwardAsync(services, id, ct);
        var now = clock.GetUtcNow();
        var today = BusinessDate.Of(now);
        var (result, errors) = ReReview.Decide(award.Status, request.Outcome!.Value, request.RectificationDeadline, request.Reason, today);
        if (result is null) throw ApiSupport.Refuse("honors.re_review_invalid", "复核结论不成立：", errors);
        var year = request.Year ?? today.Year;
        if (await db.ReReviews.AnyAsync(r => r.AwardId == id && r.Year == year, ct))
            throw DomainException.Conflict("honors.already_re_reviewed", $"该荣誉 {year} 年已复核过。");
        var review = new AwardReReview
        {
            Id = Guid.CreateVersion7(), AwardId = id, Year = year, Outcome = request.Outcome.Value,
            RectificationDeadline = result.RectificationDeadline, Reason = request.Reason.Trimmed(), ReviewedBy = http.User.Actor(),
            ReviewedAt = now,
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
        return (review, award);
    }

    /// <summary>
    /// Records an honor given outside (全国劳动模范, 中国好人…): an award of its own, a profile for a subject that has none, and
    /// <c>HonorAwarded</c> as for one of ours.
    /// </summary>
    public static async Task<Award> RecordExternalAsync(HonorsServices services, ExternalHonorRequest request, DateTimeOffset now,
        CancellationToken ct)
    {
        var (db, scope, http, _, cache) = services;
        await scope.EnsureContainsAsync(request.OrgUnitId!.Value, "org_units", ct);
        var unit = await db.OrgUnits.AsNoTracking().Where(u => u.Id == request.OrgUnitId).Select(u => new { u.Path, u.Version })
            .FirstAsync(ct);
        var path = unit.Path;
        var award = new Award
        {
            Id = Guid.CreateVersion7(), HonorName = request.HonorName!.Trim(), Level = request.Level!.Value,
            SubjectKind = request.SubjectKind!.Value, SubjectId = request.SubjectId!.Value, SubjectName = request.SubjectName!.Trim(),
            OrgUnitId = request.OrgUnitId.Value, OrgPath = path, OrgVersion = unit.Version, Year = request.Year!.Value,
            Batch = request.Issuer!.Trim(), External = true, Issuer = request.Issuer.Trim(), AwardedAt = now, Status = AwardStatus.Active,
        };
        db.Awards.Add(award);
        if (!await db.Profiles.AnyAsync(p => p.Id == award.SubjectId, ct))
            db.Profiles.Add(ModelProfile.New(award.SubjectId, award.SubjectKind, award.SubjectName, award.OrgUnitId, path, unit.Version,
                request.Deeds!.Trim(), now));
        // Enter once: an external honor earns points (members) and enters the secretary's file (branches) like one of ours.
        db.AddEvent(new HonorAwarded
        {
            AwardId = award.Id, HonorTypeCode = ExternalHonors.TypeCode, HonorName = award.HonorName, Level = award.Level.Wire(),
            SubjectKind = award.SubjectKind.Wire(), SubjectId = award.SubjectId, OrgUnitId = award.OrgUnitId, Year = award.Year,
            Batch = award.Batch, OccurredAt = ExternalHonors.AwardedAt(award.Year, now),
        }, now);
        db.Audit(http.User, now, "award", award.Id, path, "external_recorded", null, AwardStatus.Active.Wire(),
            $"{award.Issuer}：{award.HonorName}");
        await db.SaveAsync(ct);
        await db.Database.AfterCommitAsync(cache.InvalidateAsync);
        return award;
    }

    /// <summary>Replaces a profile's deeds, summary, photo and media links; a stale <c>If-Match</c> is refused (412).</summary>
    public static async Task<ModelProfile> UpdateProfileAsync(HonorsServices services, Guid id, UpdateProfileRequest request,
        CancellationToken ct)
    {
        var (db, _, http, clock, cache) = services;
        var profile = await ModelDatabaseViews.FindProfileAsync(services, id, ct);
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
        return profile;
    }

    public static async Task<FollowUpVisit> RecordVisitAsync(HonorsServices services, Guid id, VisitRequest request, DateTimeOffset now,
        CancellationToken ct)
    {
        var (db, _, http, _, _) = services;
        var profile = await ModelDatabaseViews.FindProfileAsync(services, id, ct);
        var visit = new FollowUpVisit
        {
            Id = Guid.CreateVersion7(), ProfileId = id, VisitedOn = request.VisitedOn!.Value, Visitor = request.Visitor!.Trim(),
            Notes = request.Notes!.Trim(), RecordedBy = http.User.Actor(), RecordedAt = now,
        };
        db.Visits.Add(visit);
        db.Audit(http.User, now, "profile", id, profile.OrgPath, "visited", null, $"{visit.VisitedOn:yyyy-MM-dd} {visit.Visitor}",
            visit.Notes);
        await db.SaveAsync(ct);
        return visit;
    }
}
