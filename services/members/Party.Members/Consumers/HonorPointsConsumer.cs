using MassTransit;
using Microsoft.EntityFrameworkCore;
using Party.Common;
using Party.Contracts.Honors;
using Party.Members.Application;
using Party.Members.Data;
using Party.Members.Domain.Points;
using Party.Messaging.Inbox;

namespace Party.Members.Consumers;

/// <summary>
/// An honor awarded to a member → a proposed contribution by level (county 5, city 8, province 10,
/// national 15); revoked → the contribution is reversed. Events may arrive in either order.
/// A 村党组织书记标兵 names the secretary by member id, so it earns points as a member's honor does.
/// </summary>
public sealed class HonorPointsConsumer(MembersDbContext db, TimeProvider clock) : IConsumer<HonorAwarded>, IConsumer<HonorRevoked>
{
    public const string ItemCode = "AUTO-HONOR";

    public Task Consume(ConsumeContext<HonorAwarded> context) =>
        Inbox.HandleOnceAsync(db, context, "honor-points-awarded", clock, async ct =>
        {
            var m = context.Message;
            if (!IsMember(m.SubjectKind)) return;
            if (await db.Set<RevokedAward>().AnyAsync(r => r.AwardId == m.AwardId, ct)) return;
            var awardedOn = BusinessDate.Of(m.OccurredAt);
            var rules = await CountySettings.PointsRulesOnAsync(db, awardedOn, ct);
            if (rules.HonorPoints(m.Level) is not { } points) return;
            var now = clock.GetUtcNow();
            var created = await AutomaticPointsEntries.ProposeAsync(db, [m.SubjectId], $"honor:{m.AwardId}:", awardedOn, ItemCode,
                $"获得表彰：{m.HonorName}",
                PointKind.Contribution, points, $"{m.Batch} {m.HonorName}（{m.Level}）", now, ct);
            if (created > 0) AutomaticPointsEntries.Audit(db, now, $"honor:{m.AwardId}", await PathAsync(m.SubjectId, ct), "proposed",
                $"贡献加分 {points}");
        });

    public Task Consume(ConsumeContext<HonorRevoked> context) =>
        Inbox.HandleOnceAsync(db, context, "honor-points-revoked", clock, async ct =>
        {
            var m = context.Message;
            if (!IsMember(m.SubjectKind)) return;
            var now = clock.GetUtcNow();
            var original = await db.Set<PointsEntry>().FirstOrDefaultAsync(e => e.OriginKey == $"honor:{m.AwardId}:{m.SubjectId}", ct);
            switch (original?.Status)
            {
                case null:
                    // The award has not arrived (or never will); remember the revocation so a late award proposes nothing.
                    await db.Database.ExecuteSqlInterpolatedAsync(
                        $"INSERT INTO points_revoked_awards (award_id, revoked_at) VALUES ({m.AwardId}, {now}) ON CONFLICT DO NOTHING", ct);
                    break;
                case EntryStatus.Proposed:
                    original.Status = EntryStatus.Rejected;
                    original.ReviewReason = $"荣誉已撤销：{m.Reason}";
                    original.ReviewedBy = "system";
                    original.ReviewedAt = now;
                    AutomaticPointsEntries.Audit(db, now, original.Id.ToString(), original.OrgPath, "withdrawn", "Rejected", m.Reason);
                    break;
                case EntryStatus.Approved:
                    var created = await AutomaticPointsEntries.ProposeAsync(db, [m.SubjectId], $"honor-revoked:{m.AwardId}:",
                        original.OccurredOn, ItemCode,
                        original.ItemName.Replace("获得表彰", "撤销表彰"), PointKind.Contribution, -original.Points, $"荣誉撤销：{m.Reason}", now, ct,
                        original.Id);
                    if (created > 0) AutomaticPointsEntries.Audit(db, now, original.Id.ToString(), original.OrgPath, "reversal_proposed",
                        $"冲销 {original.Points}", m.Reason);
                    break;
            }
        });

    private static bool IsMember(string subjectKind) => subjectKind is "member" or "secretary";

    private async Task<string> PathAsync(Guid memberId, CancellationToken ct) =>
        await db.Set<Domain.Members.Member>().AsNoTracking().Where(x => x.Id == memberId).Select(x => x.OrgPath).FirstOrDefaultAsync(ct)
            ?? "/";
}
