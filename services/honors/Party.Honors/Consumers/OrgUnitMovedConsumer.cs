using MassTransit;
using Microsoft.EntityFrameworkCore;
using Party.Contracts.Branches;
using Party.Honors.Data;
using Party.Messaging.Inbox;

namespace Party.Honors.Consumers;

/// <summary>
/// Nominations, awards and profiles keep their unit's path for scope filters and the honor roll;
/// when a unit moves (one event per unit whose path changed) they follow it. Each row remembers the
/// snapshot version its path came from, so a late older snapshot changes nothing whatever the
/// order of delivery. The honor roll is invalidated after the commit when an award moved.
/// </summary>
public sealed class OrgUnitMovedConsumer(HonorsDbContext db, TimeProvider clock, HonorRollCache cache) : IConsumer<OrgUnitChanged>
{
    public async Task Consume(ConsumeContext<OrgUnitChanged> context)
    {
        var unit = context.Message.Unit;
        var movedAwards = 0;
        var handled = await Inbox.HandleOnceAsync(db, context, nameof(OrgUnitMovedConsumer), clock, async ct =>
        {
            await db.Nominations.Where(n => n.OrgUnitId == unit.OrgUnitId && n.OrgVersion < unit.Version)
                .ExecuteUpdateAsync(s => s.SetProperty(n => n.OrgPath, unit.Path).SetProperty(n => n.OrgVersion, unit.Version), ct);
            movedAwards = await db.Awards.Where(a => a.OrgUnitId == unit.OrgUnitId && a.OrgVersion < unit.Version)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.OrgPath, unit.Path).SetProperty(a => a.OrgVersion, unit.Version), ct);
            await db.Profiles.Where(p => p.OrgUnitId == unit.OrgUnitId && p.OrgVersion < unit.Version)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.OrgPath, unit.Path).SetProperty(p => p.OrgVersion, unit.Version), ct);
        });
        if (handled && movedAwards > 0) await cache.InvalidateAsync();
    }
}
