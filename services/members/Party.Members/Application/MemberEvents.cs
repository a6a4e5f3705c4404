using Party.Contracts.Members;
using Party.Members.Data;
using Party.Members.Domain.Identity;
using Party.Members.Domain.Members;
using Party.Messaging;

namespace Party.Members.Application;

/// <summary>
/// The events that tell other services a member exists or moved (enter once: honors and branches learn the stage and status
/// the member was entered with, never an assumed one), queued in the caller's unit of work.
/// </summary>
public static class MemberEvents
{
    /// <summary><see cref="MemberRegistered"/> for a member created or imported here.</summary>
    public static void AddRegistered(MembersDbContext db, Member member, string source, DateOnly today, DateTimeOffset now) =>
        db.AddEvent(new MemberRegistered
        {
            MemberId = member.Id, BranchId = member.BranchId, MemberName = member.Name, Stage = ContractCodes.Stage(member.Stage),
            StageSince = member.Stage switch
            {
                MemberStage.Full => member.FullOn,
                MemberStage.Probationary => member.ProbationaryOn,
                MemberStage.Candidate => member.CandidateOn,
                MemberStage.Activist => member.ActivistOn,
                _ => member.AppliedOn,
            } ?? today,
            Status = ContractCodes.Camel(member.Status), BirthDate = member.BirthDate, ProbationaryOn = member.ProbationaryOn,
            Source = source,
            OccurredAt = now,
        }, now);

    /// <summary><see cref="MemberTransferred"/> for a member whose branch changed.</summary>
    public static void AddTransferred(MembersDbContext db, Member member, Guid fromBranchId, DateOnly today, DateTimeOffset now) =>
        db.AddEvent(new MemberTransferred
        {
            MemberId = member.Id, FromBranchId = fromBranchId, ToBranchId = member.BranchId, MemberName = member.Name,
            Stage = ContractCodes.Stage(member.Stage), Status = ContractCodes.Camel(member.Status), TransferredOn = today, OccurredAt = now,
        }, now);

    /// <summary>Queues <see cref="MemberStageChanged"/> with the member's age on the day of the change (for §4.7 warnings).</summary>
    public static void AddStageChanged(MembersDbContext db, Member member, string from, string to, DateOnly on, DateTimeOffset now) =>
        db.AddEvent(new MemberStageChanged
        {
            MemberId = member.Id, BranchId = member.BranchId, MemberName = member.Name, FromStage = from, ToStage = to, ChangedOn = on,
            BirthDate = member.BirthDate, AgeAtChange = CitizenId.AgeOn(member.BirthDate, on), OccurredAt = now,
        }, now);
}
