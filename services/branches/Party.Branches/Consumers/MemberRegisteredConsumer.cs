using MassTransit;
using Party.Branches.Data;
using Party.Contracts.Members;
using Party.Messaging.Inbox;

namespace Party.Branches.Consumers;

/// <summary>
/// A member entered in the members service already past admission (created or imported as probationary or full, with the date
/// of admission as 预备党员): that admission is recorded for the development warnings as if it had arrived as a stage change —
/// otherwise a village whose new members are entered after the fact would look "blank". The branch is the one the member was
/// entered in; a member admitted once is recorded once, whichever event arrives first.
/// </summary>
public sealed class MemberRegisteredConsumer(BranchesDbContext db, TimeProvider clock)
    : InboxConsumer<MemberRegistered, BranchesDbContext>(db, clock)
{
    protected override Task HandleAsync(MemberRegistered message, ConsumeContext<MemberRegistered> context)
    {
        if (message.ProbationaryOn is not { } admittedOn) return Task.CompletedTask;
        var years = admittedOn.Year - message.BirthDate.Year;
        var age = years - (admittedOn < message.BirthDate.AddYears(years) ? 1 : 0);
        return MemberStageChangedConsumer.RecordAdmissionAsync(Db, message.MemberId, message.BranchId, message.MemberName, admittedOn, age,
            Clock.GetUtcNow(), context.CancellationToken);
    }
}
