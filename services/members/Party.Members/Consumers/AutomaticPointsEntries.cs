using Party.Members.Application;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Party.Members.Data;
using Party.Members.Domain.Points;
using Party.Persistence.Audit;

namespace Party.Members.Consumers;

/// <summary>
/// Proposed entries (待审核) created from other services' facts (enter once, 一次录入). Each carries a
/// business key, unique in the table, so the same fact never lands twice even apart from the inbox.
/// </summary>
internal static class AutomaticPointsEntries
{
    public static readonly ClaimsPrincipal System = new(new ClaimsIdentity());

    /// <summary>Who reviewed an entry that was decided here without a branch review.</summary>
    public const string SystemActor = "system";

    public const string SettledReason = "该半年积分已经党员大会审议或该年度已完成年底综合评定，自动登记不再计入；如确需更正，请由县委组织部登记更正。";

    public const string LateSanctionReason = "纪委处分在该半年积分经党员大会审议后（或年度评定后）才到达，按县委组织部更正规则自动计入（县级更正），不经支部审核。";

    /// <summary>
    /// One proposed entry per listed member that exists here; members unknown to this service are skipped. A fact that
    /// arrives after the member's branch has settled that half-year (meeting-approved or frozen) or closed the year could
    /// never be approved by the branch. A binding fact (<paramref name="bindingWhenSettled"/>: a discipline sanction, decided by
    /// the discipline commission, not the branch) is then applied as a county correction (县级更正): approved, marked as a
    /// correction, with <see cref="LateSanctionReason"/>. Any other fact is recorded as rejected with <see cref="SettledReason"/>
    /// instead of waiting in the review queue forever; the ledger still shows it and the county may confirm it by a correction.
    /// </summary>
    public static Task<int> ProposeAsync(MembersDbContext db, IReadOnlyCollection<Guid> memberIds, string originPrefix, DateOnly occurredOn,
        string itemCode,
        string itemName, PointKind kind, decimal points, string description, DateTimeOffset now, CancellationToken ct,
        Guid? reverses = null, bool bindingWhenSettled = false)
    {
        var ids = memberIds.Distinct().ToArray();
        var window = DeclarationWindow.For(occurredOn).Start;
        var kindName = kind.ToString();
        var half = occurredOn.Month <= 6 ? 1 : 2;
        return db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO points_entries (id, member_id, branch_id, org_path, year, occurred_on, window_start, item_code, item_name, kind,
                points,
                source, description, status, review_reason, reviewed_by, reviewed_at, origin_key, reverses_entry_id, is_correction,
                    created_at, created_by)
            SELECT gen_random_uuid(), m.id, m.branch_id, m.org_path, {occurredOn.Year}, {occurredOn}, {window}, {itemCode}, {itemName},
                {kindName},
                -- As a correction a veto counts by its +1 (AnnualAssessmentRules.VetoWeight); a proposed veto entry is worth 0 points.
                CASE WHEN s.settled AND {bindingWhenSettled} AND {kindName} = 'Veto' THEN 1 ELSE {points} END,
                'Automatic', {description},
                CASE WHEN NOT s.settled THEN 'Proposed' WHEN {bindingWhenSettled} THEN 'Approved' ELSE 'Rejected' END,
                CASE WHEN NOT s.settled THEN NULL WHEN {bindingWhenSettled} THEN {LateSanctionReason} ELSE {SettledReason} END,
                CASE WHEN s.settled THEN {SystemActor} END, CASE WHEN s.settled THEN {now} END,
                {originPrefix} || m.id::text, {reverses}, s.settled AND {bindingWhenSettled}, {now}, {SystemActor}
            FROM members m
            CROSS JOIN LATERAL (SELECT
                EXISTS (SELECT 1 FROM points_year_closes c WHERE c.branch_id = m.branch_id AND c.year = {occurredOn.Year})
                OR EXISTS (SELECT 1 FROM points_half_year_reviews h WHERE h.branch_id = m.branch_id AND h.year = {occurredOn.Year}
                    AND h.half = {half}
                                                                     AND h.status <> 'FeedbackSent') AS settled) s
            WHERE m.id = ANY({ids})
            ON CONFLICT (origin_key) DO NOTHING
            """, ct);
    }

    public static void Audit(MembersDbContext db, DateTimeOffset now, string entityId, string orgPath, string action, string to,
        string? reason = null) =>
        db.Audit(System, now, AuditEntities.PointsEntry, entityId, orgPath, action, to: to, reason: reason);
}
