using MassTransit;

namespace Party.Messaging.Inbox;

/// <summary>
/// How every <c>IConsumer&lt;Batch&lt;T&gt;&gt;</c> of ours collects its messages (<c>AddPartyMessaging</c> gives it this
/// definition). A batch goes out when it holds <see cref="MessageLimit"/> messages or <see cref="TimeLimit"/> after its first:
/// a burst becomes a few large transactions, while a lone event waits no more than the time limit. Two batches per message
/// type run at once, one per core here.
/// </summary>
public sealed class BatchConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer> where TConsumer : class, IConsumer
{
    public const int MessageLimit = 100;
    public static readonly TimeSpan TimeLimit = TimeSpan.FromMilliseconds(10);

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpoint, IConsumerConfigurator<TConsumer> consumer,
        IRegistrationContext context) =>
        consumer.Options<BatchOptions>(o => o.SetMessageLimit(MessageLimit).SetTimeLimit(TimeLimit).SetConcurrencyLimit(2));
}
