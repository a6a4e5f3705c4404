using System.Security.Claims;
using Party.Contracts.Members;
using Party.Members.Data;
using Party.Members.Domain.Members;
using Party.Messaging;
using Party.Persistence.Audit;

namespace Party.Members.Application;

/// <summary>
/// Status changes of a member — by hand, by a sanction, by a development step — each with its audit entry and events in the
/// caller's unit of work (the daily lost-contact check does the same in set-based SQL, <c>Jobs/LostContactJob.cs</c>).
/// </summary>
public static class MemberStatusChanges
{
    /// <summary>Changes the status with its audit entry and <see cref="MemberStatusChanged"/>.</summary>
    public static void SetStatus(MembersDbContext db, ClaimsPrincipal user, Member member, MemberStatus to, string reason,
        DateTimeOffset now)
    {
        var from = member.Status;
        member.Status = to;
        member.UpdatedAt = now;
        db.Audit(user, now, AuditEntities.Member, member.Id, member.OrgPath, "status_changed", from.ToString(), to.ToString(), reason);
        db.AddEvent(new MemberStatusChanged
        {
            MemberId = member.Id, BranchId = member.BranchId, FromStatus = ContractCodes.Camel(from), ToStatus = ContractCodes.Camel(to),
            Reason = reason, OccurredAt = now,
        }, now);
    }

    /// <summary>Cancels an activist's or probationary member's qualification: status stageCancelled, with both events.</summary>
    public static void CancelQualification(MembersDbContext db, ClaimsPrincipal user, Member member, string reason, DateOnly on,
        DateTimeOffset now)
    {
        db.Audit(user, now, AuditEntities.Development, member.Id, member.OrgPath, "qualification_cancelled", member.Stage.ToString(),
            "cancelled", reason);
        MemberEvents.AddStageChanged(db, member, ContractCodes.Camel(member.Stage), "cancelled", on, now);
        member.PriorityCandidate = false;
        SetStatus(db, user, member, MemberStatus.StageCancelled, reason, now);
    }
}
