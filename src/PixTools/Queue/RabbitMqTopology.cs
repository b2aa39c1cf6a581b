using RabbitMQ.Client;

namespace PixTools.Queue;

/// <summary>
/// The queues and exchanges, declared by every process at connect (declaring is idempotent):
/// durable quorum queues <c>{prefix}.standard</c> and <c>{prefix}.ml</c>, each dead-lettering into the fanout
/// exchange <c>{prefix}.dlx</c>, bound to the queue <c>{prefix}.dead</c>. Quorum queues survive a broker restart,
/// replicate in a cluster and count deliveries, so a message that kills its worker every time still ends.
/// </summary>
public sealed class RabbitMqTopology(RabbitMqQueueOptions options)
{
    public string DeadLetterExchange => $"{options.Prefix}.dlx";

    public string DeadLetterQueue => $"{options.Prefix}.dead";

    /// <summary>The broker queue of a work queue name (<see cref="QueueNames"/>).</summary>
    public string QueueOf(string queue) => $"{options.Prefix}.{queue}";

    public async Task DeclareAsync(IChannel channel, CancellationToken cancellationToken)
    {
        await channel.ExchangeDeclareAsync(DeadLetterExchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(DeadLetterQueue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }, cancellationToken: cancellationToken);
        await channel.QueueBindAsync(DeadLetterQueue, DeadLetterExchange, routingKey: "", cancellationToken: cancellationToken);
        foreach (var queue in QueueNames.All)
        {
            // RabbitMQ 3.x quorum queues have no delivery limit unless one is declared (4.x defaults to 20).
            await channel.QueueDeclareAsync(QueueOf(queue), durable: true, exclusive: false, autoDelete: false, arguments: new Dictionary<string, object?>
            {
                ["x-queue-type"] = "quorum",
                ["x-delivery-limit"] = options.DeliveryLimit,
                ["x-dead-letter-exchange"] = DeadLetterExchange,
            }, cancellationToken: cancellationToken);
        }
    }
}
