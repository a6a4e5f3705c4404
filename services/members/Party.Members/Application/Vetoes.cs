using System.Security.Claims;
using Party.Contracts.Members;
using Party.Members.Data;
using Party.Members.Domain.Members;
using Party.Messaging;
using Party.Persistence.Audit;

namespace Party.Members.Application;

/// <summary>
/// The one path for "this member was vetoed" (一票否决), whatever the source — a discipline sanction or a veto item of the points
/// scheme approved by the branch: the member's record remembers the date (the ground of cancel-probation / cancel-activist)
/// and <see cref="MemberVetoed"/> tells honors at once (revocation and eligibility), not only at the year-end.
/// </summary>
public static class Vetoes
{
    public static void Record(MembersDbContext db, ClaimsPrincipal user, Member member, DateOnly on, string reason, string source,
        DateTimeOffset now)
    {
        if (member.LastVetoedOn is null || member.LastVetoedOn < on) member.LastVetoedOn = on;
        member.UpdatedAt = now;
        db.Audit(user, now, AuditEntities.Member, member.Id, member.OrgPath, "vetoed", to: $"{on:yyyy-MM-dd}",
            reason: $"{source}：{reason}");
        db.AddEvent(new MemberVetoed
        {
            MemberId = member.Id, BranchId = member.BranchId, Year = on.Year, Reason = reason, Source = source, OccurredAt = now,
        }, now);
    }
}
