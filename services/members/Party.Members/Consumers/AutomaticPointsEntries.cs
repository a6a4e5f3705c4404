using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Party.Members.Data;
using Party.Members.Domain.Points;
using Party.Messaging.Audit;

namespace Party.Members.Consumers;

/// <summary>
/// Proposed entries (待审核) created from other services' facts (enter once, 一次录入). Each carries a
/// business key, unique in the table, so the same fact never lands twice even apart from the inbox.
/// </summary>
internal static class AutomaticPointsEntries
{
    public static readonly ClaimsPrincipal System = new(new ClaimsIdentity());

    /// <summary>One proposed entry per listed member that exists here; members unknown to this service are skipped.</summary>
    public static Task<int> ProposeAsync(MembersDbContext db, IReadOnlyCollection<Guid> memberIds, string originPrefix, DateOnly occurredOn, string itemCode,
        string itemName, PointKind kind, decimal points, string description, DateTimeOffset now, CancellationToken ct, Guid? reverses = null)
    {
        var ids = memberIds.Distinct().ToArray();
        var window = DeclarationWindow.For(occurredOn).Start;
        var kindName = kind.ToString();
        return db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO points_entries (id, member_id, branch_id, org_path, year, occurred_on, window_start, item_code, item_name, kind, points,
                source, description, status, origin_key, reverses_entry_id, is_correction, created_at, created_by)
            SELECT gen_random_uuid(), m.id, m.branch_id, m.org_path, {occurredOn.Year}, {occurredOn}, {window}, {itemCode}, {itemName}, {kindName}, {points},
                'Automatic', {description}, 'Proposed', {originPrefix} || m.id::text, {reverses}, false, {now}, 'system'
            FROM members m WHERE m.id = ANY({ids})
            ON CONFLICT (origin_key) DO NOTHING
            """, ct);
    }

    public static void Audit(MembersDbContext db, DateTimeOffset now, string entityId, string orgPath, string action, string to, string? reason = null) =>
        db.Audit(System, now, "points_entry", entityId, orgPath, action, to: to, reason: reason);
}
