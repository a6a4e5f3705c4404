using Microsoft.EntityFrameworkCore;
using MassTransit;
using Party.Common;
using Party.Contracts.Branches;
using Party.Messaging.Inbox;
using Party.Persistence.Audit;
using Party.ResidentCadres.Application;
using Party.ResidentCadres.Data;
using Party.ResidentCadres.Domain.Dispatch;
using Party.ResidentCadres.Domain.Villages;

namespace Party.ResidentCadres.Consumers;

/// <summary>
/// A weak-and-lax (软弱涣散) designation or its lifting changes a village's dispatch requirement.
/// Only villages of the replica are affected; a designation of any other branch is recorded in the inbox and ignored.
/// </summary>
public sealed class BranchDesignatedWeakConsumer(ResidentCadresDbContext db, TimeProvider clock)
    : InboxConsumer<BranchDesignatedWeak, ResidentCadresDbContext>(db, clock)
{
    protected override async Task HandleAsync(BranchDesignatedWeak message, ConsumeContext<BranchDesignatedWeak> context)
    {
        var ct = context.CancellationToken;
        var unit = await Db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(u => u.Id == message.BranchId, ct);
        // Events carry no order guarantee; the replica may not know the village yet, so retry until it does.
        if (unit is null) throw new InvalidOperationException($"village {message.BranchId} not yet in the org-unit replica");
        if (unit.Domain != "RuralVillage") return;
        var now = Clock.GetUtcNow();
        var profile = await Db.Villages.FirstOrDefaultAsync(v => v.VillageId == unit.Id, ct);
        if (profile is null)
        {
            profile = new VillageProfile { VillageId = unit.Id, OrgPath = unit.Path, UpdatedAt = now };
            Db.Villages.Add(profile);
        }
        var before = profile.Requirement;
        profile.WeakAndLax = message.Designated;
        profile.Requirement = DispatchRules.RequirementFor(profile.Facts, await RuleBook.ThresholdsOnAsync(Db, BusinessDate.Of(now), ct));
        profile.UpdatedAt = now;
        Db.AuditEntries.Add(new AuditEntry
        {
            At = now, Actor = "branches", ActorName = "branches service", Entity = "village", EntityId = unit.Id.ToString(),
            OrgPath = unit.Path, Action = message.Designated ? "designated_weak" : "weak_designation_lifted", From = before.ToString(),
            To = profile.Requirement.ToString(),
            Reason = $"{message.Year}: {message.Reason}",
        });
    }
}
