using MassTransit;
using Microsoft.EntityFrameworkCore;
using Party.Contracts.Branches;
using Party.Members.Application;
using Party.Members.Data;
using Party.Members.Domain.Points;
using Party.Messaging.Inbox;

namespace Party.Members.Consumers;

/// <summary>Absent without leave from a branch meeting (无故缺席) → a proposed deduction (default −5) per absent member.</summary>
public sealed class BranchMeetingAbsenceConsumer(MembersDbContext db, TimeProvider clock)
    : InboxConsumer<BranchMeetingHeld, MembersDbContext>(db, clock)
{
    protected override async Task HandleAsync(BranchMeetingHeld m, ConsumeContext<BranchMeetingHeld> context)
    {
        if (m.AbsentWithoutLeave.Count == 0) return;
        var ct = context.CancellationToken;
        var rules = await CountySettings.PointsRulesOnAsync(Db, m.HeldOn, ct);
        var now = Clock.GetUtcNow();
        var created = await AutomaticPointsEntries.ProposeAsync(Db, m.AbsentWithoutLeave, $"meeting:{m.MeetingId}:", m.HeldOn,
            "AUTO-ABSENCE", "无故缺席组织生活",
            PointKind.Deduction, rules.AbsenceDeduction, MeetingAbsence.Description(m.HeldOn, m.Topic, m.Kind), now, ct);
        var path = await Db.OrgUnits.AsNoTracking().Where(u => u.Id == m.BranchId).Select(u => u.Path).FirstOrDefaultAsync(ct) ?? "/";
        AutomaticPointsEntries.Audit(Db, now, $"meeting:{m.MeetingId}", path, "proposed", $"{created} 条缺席扣分待审核");
    }
}
