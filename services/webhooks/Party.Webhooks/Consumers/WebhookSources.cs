using MassTransit;
using Microsoft.Extensions.Options;
using Party.Contracts.Branches;
using Party.Contracts.Honors;
using Party.Contracts.Members;
using Party.Contracts.ResidentCadres;
using Party.Messaging.Inbox;
using Party.Persistence.OrgUnits;
using Party.Webhooks.Data;
using Party.Webhooks.Delivery;
using Party.Webhooks.Domain.Events;

namespace Party.Webhooks.Consumers;

/// <summary>
/// Turns one integration event into deliveries, once per message id (the inbox), in the transaction that records it.
/// </summary>
public abstract class WebhookSource<TMessage>(WebhooksDbContext db, TimeProvider clock, DeliverySignal signal,
    IOptions<WebhookSettings> settings)
    : IConsumer<TMessage> where TMessage : class
{
    public async Task Consume(ConsumeContext<TMessage> context)
    {
        if (Describe(context.Message) is not { } e) return;
        var window = TimeSpan.FromHours(settings.Value.RetryWindowHours);
        if (await Inbox.HandleOnceAsync(db, context, GetType().Name, clock,
                ct => Fanout.AddAsync(db, context.MessageId!.Value, e, clock.GetUtcNow(), window, ct)))
            signal.Notify();
    }

    protected abstract WebhookEventData? Describe(TMessage message);
}

public sealed class SanctionReportedSource(WebhooksDbContext db, TimeProvider clock, DeliverySignal signal,
    IOptions<WebhookSettings> settings)
    : WebhookSource<DisciplineSanctionReported>(db, clock, signal, settings)
{
    protected override WebhookEventData Describe(DisciplineSanctionReported message) => WebhookPayloads.From(message);
}

public sealed class HonorRevokedSource(WebhooksDbContext db, TimeProvider clock, DeliverySignal signal, IOptions<WebhookSettings> settings)
    : WebhookSource<HonorRevoked>(db, clock, signal, settings)
{
    protected override WebhookEventData Describe(HonorRevoked message) => WebhookPayloads.From(message);
}

public sealed class HonorAwardedSource(WebhooksDbContext db, TimeProvider clock, DeliverySignal signal, IOptions<WebhookSettings> settings)
    : WebhookSource<HonorAwarded>(db, clock, signal, settings)
{
    protected override WebhookEventData Describe(HonorAwarded message) => WebhookPayloads.From(message);
}

public sealed class StipendStatementsApprovedSource(WebhooksDbContext db, TimeProvider clock, DeliverySignal signal,
    IOptions<WebhookSettings> settings)
    : WebhookSource<StipendStatementsApproved>(db, clock, signal, settings)
{
    protected override WebhookEventData Describe(StipendStatementsApproved message) => WebhookPayloads.From(message);
}

public sealed class SubsidiesApprovedSource(WebhooksDbContext db, TimeProvider clock, DeliverySignal signal,
    IOptions<WebhookSettings> settings)
    : WebhookSource<SubsidiesApproved>(db, clock, signal, settings)
{
    protected override WebhookEventData Describe(SubsidiesApproved message) => WebhookPayloads.From(message);
}

public sealed class SanctionedMemberNominatedSource(WebhooksDbContext db, TimeProvider clock, DeliverySignal signal,
    IOptions<WebhookSettings> settings)
    : WebhookSource<SanctionedMemberNominated>(db, clock, signal, settings)
{
    protected override WebhookEventData Describe(SanctionedMemberNominated message) => WebhookPayloads.From(message);
}

public sealed class NominationAwaitingReviewSource(WebhooksDbContext db, TimeProvider clock, DeliverySignal signal,
    IOptions<WebhookSettings> settings)
    : WebhookSource<NominationAwaitingReview>(db, clock, signal, settings)
{
    protected override WebhookEventData Describe(NominationAwaitingReview message) => WebhookPayloads.From(message);
}

public sealed class StipendPaymentDueSource(WebhooksDbContext db, TimeProvider clock, DeliverySignal signal,
    IOptions<WebhookSettings> settings)
    : WebhookSource<StipendPaymentDue>(db, clock, signal, settings)
{
    protected override WebhookEventData Describe(StipendPaymentDue message) => WebhookPayloads.From(message);
}

public sealed class VillageRegisteredSource(WebhooksDbContext db, TimeProvider clock, DeliverySignal signal,
    IOptions<WebhookSettings> settings)
    : WebhookSource<OrgUnitRegistered>(db, clock, signal, settings)
{
    protected override WebhookEventData? Describe(OrgUnitRegistered message) =>
        WebhookPayloads.FromOrgUnit(EventKinds.VillageRegistered, message.Unit, message.OccurredAt);
}

public sealed class VillageChangedSource(WebhooksDbContext db, TimeProvider clock, DeliverySignal signal,
    IOptions<WebhookSettings> settings)
    : WebhookSource<OrgUnitChanged>(db, clock, signal, settings)
{
    protected override WebhookEventData? Describe(OrgUnitChanged message) =>
        WebhookPayloads.FromOrgUnit(EventKinds.VillageChanged, message.Unit, message.OccurredAt);
}

public sealed class VillageDissolvedSource(WebhooksDbContext db, TimeProvider clock, DeliverySignal signal,
    IOptions<WebhookSettings> settings)
    : WebhookSource<OrgUnitDissolved>(db, clock, signal, settings)
{
    protected override WebhookEventData? Describe(OrgUnitDissolved message) =>
        WebhookPayloads.FromOrgUnit(EventKinds.VillageDissolved, message.Unit, message.OccurredAt);
}

/// <summary>The org tree, against which every event's unit and every subscription's scope is placed.</summary>
public sealed class OrgUnitEventsConsumer(WebhooksDbContext db, TimeProvider clock) : OrgUnitReplicaConsumer<WebhooksDbContext>(db, clock);
