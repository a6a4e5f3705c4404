using MassTransit;
using Microsoft.EntityFrameworkCore;
using Party.Contracts.Members;
using Party.Members.Apis;
using Party.Members.Data;
using Party.Members.Domain.Points;
using Party.Messaging.Inbox;

namespace Party.Members.Consumers;

/// <summary>
/// A discipline sanction (党纪处分) reported through the bureau API → a proposed deduction (warning −10,
/// serious warning −20) or veto entry. The event is this service's own: consuming it keeps the sanction
/// entered once and the points effect in the points area.
/// </summary>
public sealed class SanctionPointsConsumer(MembersDbContext db, TimeProvider clock) : InboxConsumer<DisciplineSanctionReported, MembersDbContext>(db, clock)
{
    protected override async Task HandleAsync(DisciplineSanctionReported m, ConsumeContext<DisciplineSanctionReported> context)
    {
        var ct = context.CancellationToken;
        var rules = await AreaSupport.RulesOnAsync(Db, m.DecidedOn, ct);
        if (rules.SanctionEffectOf(m.Kind) is not { } effect) return;
        var now = Clock.GetUtcNow();
        var (code, name) = effect.Kind == PointKind.Veto ? ("AUTO-VETO", "党纪处分（一票否决）") : ("AUTO-SANCTION", "党纪处分扣分");
        var created = await AutomaticPointsEntries.ProposeAsync(Db, [m.MemberId], $"sanction:{m.SanctionId}:", m.DecidedOn, code, name, effect.Kind, effect.Points,
            $"{m.Kind}：{m.Reason}", now, ct);
        if (created == 0) return;
        // The sanction record notes that its points effect has been proposed (read by the sanctions area).
        await Db.Set<Domain.Sanctions.Sanction>().Where(x => x.Id == m.SanctionId && x.PointsEntryProposedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.PointsEntryProposedAt, now), ct);
        var path = await Db.Set<Domain.Members.Member>().AsNoTracking().Where(x => x.Id == m.MemberId).Select(x => x.OrgPath).FirstOrDefaultAsync(ct) ?? "/";
        AutomaticPointsEntries.Audit(Db, now, $"sanction:{m.SanctionId}", path, "proposed", $"{name} {effect.Points}");
    }
}
