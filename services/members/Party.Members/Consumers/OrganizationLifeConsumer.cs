using MassTransit;
using Microsoft.EntityFrameworkCore;
using Party.Contracts.Branches;
using Party.Members.Data;
using Party.Members.Domain.Members;
using Party.Messaging.Inbox;

namespace Party.Members.Consumers;

/// <summary>
/// Attending a branch meeting is organization life (组织生活): it moves each attendee's last
/// organization-life date forward, one of the two inputs of the lost-contact rule (§3.1).
/// Meetings may arrive out of order, so a date only ever moves forward.
/// </summary>
public sealed class OrganizationLifeConsumer(MembersDbContext db, TimeProvider clock)
    : InboxConsumer<BranchMeetingHeld, MembersDbContext>(db, clock)
{
    protected override async Task HandleAsync(BranchMeetingHeld m, ConsumeContext<BranchMeetingHeld> context)
    {
        if (m.Attendees.Count == 0) return;
        var attendees = m.Attendees.ToList();
        var heldOn = m.HeldOn;
        await Db.Set<Member>()
            .Where(x => attendees.Contains(x.Id) && (x.LastOrganizationLifeOn == null || x.LastOrganizationLifeOn < heldOn))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastOrganizationLifeOn, heldOn), context.CancellationToken);
    }
}
