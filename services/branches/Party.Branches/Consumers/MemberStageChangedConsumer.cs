using MassTransit;
using Microsoft.EntityFrameworkCore;
using Party.Branches.Data;
using Party.Branches.Domain.Development;
using Party.Contracts.Members;
using Party.Messaging.Inbox;

namespace Party.Branches.Consumers;

/// <summary>
/// Records each admission to probationary membership (→ probationary) for the development warnings.
/// A member is admitted once, so a second admission event for the same member (another message id)
/// changes nothing either.
/// </summary>
public sealed class MemberStageChangedConsumer(BranchesDbContext db, TimeProvider clock)
    : InboxConsumer<MemberStageChanged, BranchesDbContext>(db, clock)
{
    public const string Probationary = "probationary";

    protected override async Task HandleAsync(MemberStageChanged message, ConsumeContext<MemberStageChanged> context)
    {
        if (!string.Equals(message.ToStage, Probationary, StringComparison.OrdinalIgnoreCase)) return;
        await RecordAdmissionAsync(Db, message.MemberId, message.BranchId, message.MemberName, message.ChangedOn, message.AgeAtChange,
            Clock.GetUtcNow(), context.CancellationToken);
    }

    /// <summary>Records a member's admission once (a second one for the same member changes nothing).</summary>
    public static async Task RecordAdmissionAsync(BranchesDbContext db, Guid memberId, Guid branchId, string name, DateOnly admittedOn,
        int age, DateTimeOffset now, CancellationToken ct)
    {
        var path = await db.OrgUnits.AsNoTracking().Where(u => u.Id == branchId).Select(u => u.Path).FirstOrDefaultAsync(ct);
        // A branch this service has never heard of cannot be placed in anyone's scope; keep the fact under the root-less path
        // so it is not lost.
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO development_admissions (member_id, branch_id, org_path, member_name, admitted_on, age_at_admission, received_at)
            VALUES ({memberId}, {branchId}, {path ?? "?unknown/"}, {name}, {admittedOn}, {age}, {now})
            ON CONFLICT (member_id) DO NOTHING
            """, ct);
    }
}
