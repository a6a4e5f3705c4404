using Microsoft.EntityFrameworkCore;
using Party.Branches.Apis;
using Party.Branches.Data;
using Party.Branches.Domain.Ratings;
using Party.Common;
using Party.Messaging;
using Party.Persistence;
using Party.Persistence.Calendar;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Idempotency;
using Party.ServiceDefaults.Problems;

namespace Party.Branches.Application;

/// <summary>A county's rating round: approval with the quota and public notice, then the set-based finalization.</summary>
public static class RatingRounds
{
    public static async Task<ApprovalResult> ApproveAsync(BranchesServices services, int year, CancellationToken ct)
    {
        var (db, scope, http, clock) = services;
        var county = await Lookups.CallerCountyAsync(db, scope, ct);
        var notReviewed = await db.Ratings.CountAsync(
            r => r.Year == year && r.OrgPath.StartsWith(county.Path) && r.Status == RatingStatus.SelfAssessed, ct);
        if (notReviewed > 0)
            throw DomainException.Conflict("ratings.round_incomplete",
                $"还有 {notReviewed} 个支部的自评未经乡镇审核；县定比例须在全县审核完毕后统一审定。");
        var batch = await db.Ratings.AsNoTracking()
            .Where(r => r.Year == year && r.OrgPath.StartsWith(county.Path) && r.Status == RatingStatus.TownshipReviewed)
            .Select(r => new RatedBranch(r.Id, r.Score!.Value, r.ThresholdStars!.Value)).ToListAsync(ct);
        if (batch.Count == 0) throw DomainException.Conflict("ratings.nothing_to_approve", $"{year} 年度没有待县级审定的评星。");

        var policy = await Lookups.PolicyAsync(db, county.Id, new DateOnly(year, 12, 31), ct);
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
            UPDATE branch_ratings r
            SET status = 'InNotice', stars = v.stars, approved_at = {now}, notice_starts_on = {startsOn}, notice_ends_on = {endsOn}
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
        return new ApprovalResult(batch.Count, startsOn, endsOn, batch.Count(b => stars[b.Id] != b.Stars));
    }

    public static async Task<FinalizeResult> FinalizeAsync(BranchesServices services, int year, CancellationToken ct)
    {
        var (db, scope, http, clock) = services;
        var county = await Lookups.CallerCountyAsync(db, scope, ct);
        var like = Sql.Like(county.Path);
        var policy = await Lookups.PolicyAsync(db, county.Id, new DateOnly(year, 12, 31), ct);
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
                SELECT gen_random_uuid(), f.branch_id, f.org_path, f.year, f.id, f.stars, a.amount,
                       round(a.amount * {tariff.SecretarySharePercent} / 100, 2), 'Pending', {now}
                FROM fin f
                CROSS JOIN LATERAL (
                    SELECT CASE f.stars WHEN 5 THEN {tariff.Star5Amount} ELSE {tariff.Star4Amount} END::numeric(14,2) AS amount
                ) a
                WHERE f.stars >= 4
                ON CONFLICT (branch_id, year) DO NOTHING
                RETURNING id
            ), adj AS (
                INSERT INTO adjustment_cases (id, branch_id, org_path, year, rating_id, opened_at)
                SELECT gen_random_uuid(), f.branch_id, f.org_path, f.year, f.id, {now}
                FROM fin f
                JOIN branch_ratings p ON p.branch_id = f.branch_id AND p.year = f.year - 1 AND p.status = 'Final' AND p.stars = 1
                WHERE f.stars = 1
                ON CONFLICT (branch_id, year) DO NOTHING
                RETURNING id
            ), evt AS (
                INSERT INTO outbox_messages (message_id, type, body, created_at, attempts)
                SELECT gen_random_uuid(), 'Party.Contracts.Branches.BranchRatingPublished',
                       json_build_object('ratingId', f.id, 'branchId', f.branch_id, 'year', f.year, 'score', f.score, 'stars', f.stars,
                                          'secretaryMemberId', (SELECT s.member_id FROM village_secretaries s
                                                                WHERE s.branch_id = f.branch_id AND s.status = 'Serving' LIMIT 1),
                                          'occurredAt', {now}),
                       {now}, 0
                FROM fin f
                RETURNING id
            ), aud AS (
                INSERT INTO audit_entries (at, actor, actor_name, entity, entity_id, action, "from", "to", reason, org_path)
                SELECT {now}, {actor}, {actorName}, 'branch_rating', f.id::text, 'published', 'InNotice', 'Final ★' || f.stars, NULL,
                       f.org_path
                FROM fin f
                RETURNING id
            )
            SELECT (SELECT count(*) FROM fin)::int AS published, (SELECT count(*) FROM sub)::int AS subsidy_rows,
                   (SELECT count(*) FROM adj)::int AS adjustment_cases, (SELECT count(*) FROM evt)::int AS events,
                   (SELECT count(*) FROM aud)::int AS audited
            """, r => new FinalizeCounts(r.GetInt32(0), r.GetInt32(1), r.GetInt32(2), r.GetInt32(3), r.GetInt32(4)), ct)).Single();
        await tx.CommitAsync(ct);

        var waiting = await db.Ratings.AsNoTracking()
            .Where(r => r.Year == year && r.Status == RatingStatus.InNotice && r.OrgPath.StartsWith(county.Path))
            .GroupBy(r => db.RatingObjections.Any(o => o.RatingId == r.Id && o.ResolvedAt == null))
            .Select(g => new { Blocked = g.Key, Count = g.Count() }).ToListAsync(ct);
        return new FinalizeResult(counts.Published, counts.SubsidyRows, counts.AdjustmentCases,
            waiting.Where(w => w.Blocked).Sum(w => w.Count), waiting.Where(w => !w.Blocked).Sum(w => w.Count));
    }

    internal sealed record FinalizeCounts(int Published, int SubsidyRows, int AdjustmentCases, int Events, int Audited);

    /// <summary>Branches rated ★1 two years running, whose secretary must be reconsidered (书记调整).</summary>
    public static async Task<Page<AdjustmentCaseResponse>> AdjustmentCasesAsync(BranchesServices services, int? year, int? page,
        int? pageSize, CancellationToken ct)
    {
        var db = services.Db;
        var (skip, take, p, size) = Paging.Resolve(page, pageSize);
        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        var query = db.AdjustmentCases.AsNoTracking().Where(c => c.OrgPath.StartsWith(prefix));
        if (year is not null) query = query.Where(c => c.Year == year);
        var total = await query.LongCountAsync(ct);
        var items = await query.Join(db.OrgUnits, c => c.BranchId, u => u.Id, (c, u) => new { c, u })
            .OrderBy(x => x.c.Year).ThenBy(x => x.c.OrgPath).Skip(skip).Take(take)
            .Select(x => new AdjustmentCaseResponse(x.c.Id, x.c.BranchId, x.u.Name, x.c.Year, x.c.RatingId, x.c.OpenedAt))
            .ToListAsync(ct);
        return new Page<AdjustmentCaseResponse>(items, p, size, total);
    }
}
