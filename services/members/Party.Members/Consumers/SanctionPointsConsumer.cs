using MassTransit;
using Microsoft.EntityFrameworkCore;
using Party.Contracts.Members;
using Party.Members.Application;
using Party.Members.Data;
using Party.Members.Domain.Points;
using Party.Members.Jobs;
using Party.Messaging.Inbox;

namespace Party.Members.Consumers;

/// <summary>
/// A discipline sanction (党纪处分) reported through the bureau API → a proposed deduction (warning −10,
/// serious warning −20) or veto entry; after the half-year was settled, a county correction that always reaches the grade
/// (see the service README). The event is this service's own: consuming it keeps the sanction
/// entered once and the points effect in the points area.
/// </summary>
public sealed class SanctionPointsConsumer(MembersDbContext db, TimeProvider clock)
    : InboxConsumer<DisciplineSanctionReported, MembersDbContext>(db, clock)
{
    protected override async Task HandleAsync(DisciplineSanctionReported m, ConsumeContext<DisciplineSanctionReported> context)
    {
        var ct = context.CancellationToken;
        var rules = await CountySettings.PointsRulesOnAsync(Db, m.DecidedOn, ct);
        if (rules.SanctionEffectOf(m.Kind) is not { } effect) return;
        var now = Clock.GetUtcNow();
        var (code, name) = effect.Kind == PointKind.Veto ? ("AUTO-VETO", "党纪处分（一票否决）") : ("AUTO-SANCTION", "党纪处分扣分");
        var origin = $"{EntryOrigins.Sanction}{m.SanctionId}:";
        var created = await AutomaticPointsEntries.ProposeAsync(Db, [m.MemberId], origin, m.DecidedOn, code, name, effect.Kind,
            effect.Points,
            $"{m.Kind}：{m.Reason}", now, ct, bindingWhenSettled: true);
        if (created == 0) return;
        // The sanction record notes that its points effect has been proposed (read by the sanctions area).
        await Db.Set<Domain.Sanctions.Sanction>().Where(x => x.Id == m.SanctionId && x.PointsEntryProposedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.PointsEntryProposedAt, now), ct);
        var entry = await Db.Set<PointsEntry>().AsNoTracking().SingleAsync(e => e.OriginKey == origin + m.MemberId, ct);
        if (!entry.IsCorrection)
        {
            AutomaticPointsEntries.Audit(Db, now, $"sanction:{m.SanctionId}", entry.OrgPath, "proposed", $"{name} {effect.Points}");
            return;
        }
        // Settled already: applied as a county correction, and a closed year's grade follows at once.
        AutomaticPointsEntries.Audit(Db, now, entry.Id.ToString(), entry.OrgPath, "corrected", $"{name} {effect.Points}",
            AutomaticPointsEntries.LateSanctionReason);
        var yearRules = await CountySettings.PointsRulesOnAsync(Db, new DateOnly(entry.Year, 12, 31), ct);
        await YearEndClose.ReassessAsync(Db, [entry.MemberId], entry.Year, yearRules, AutomaticPointsEntries.SystemActor, now, ct);
    }
}
