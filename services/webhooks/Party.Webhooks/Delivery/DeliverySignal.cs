using Party.Messaging;

namespace Party.Webhooks.Delivery;

/// <summary>Wakes the delivery worker when new deliveries committed, instead of waiting for its poll.</summary>
public sealed class DeliverySignal : WakeSignal;
