using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

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

    /// <summary>
    /// Declares everything; false when a work queue already exists with other arguments (a deployment from before
    /// Queue:RabbitMq:MaxLength, or another MaxLength or DeliveryLimit): the broker refuses with PRECONDITION_FAILED
    /// and closes <paramref name="channel"/>. Queue arguments cannot change in place: apply the limit with a policy
    /// (docs/configuration.md shows the rabbitmqctl line) or delete the empty queues once.
    /// </summary>
    public async Task<bool> DeclareAsync(IChannel channel, CancellationToken cancellationToken)
    {
        await channel.ExchangeDeclareAsync(DeadLetterExchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(DeadLetterQueue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }, cancellationToken: cancellationToken);
        await channel.QueueBindAsync(DeadLetterQueue, DeadLetterExchange, routingKey: "", cancellationToken: cancellationToken);
        foreach (var queue in QueueNames.All)
        {
            // RabbitMQ 3.x quorum queues have no delivery limit unless one is declared (4.x defaults to 20).
            try
            {
                await channel.QueueDeclareAsync(QueueOf(queue), durable: true, exclusive: false, autoDelete: false, arguments: WorkQueueArguments(), cancellationToken: cancellationToken);
            }
            catch (OperationInterruptedException refused) when (refused.ShutdownReason?.ReplyCode == Constants.PreconditionFailed)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Quorum, delivery limit, dead-lettering and, with a MaxLength, <c>x-max-length</c> with <c>x-overflow:
    /// reject-publish</c>: a full queue refuses new messages with a negative confirm (the submission answers 503),
    /// never drops one it holds (drop-head would silently lose accepted jobs).
    /// </summary>
    public Dictionary<string, object?> WorkQueueArguments()
    {
        var arguments = new Dictionary<string, object?>
        {
            ["x-queue-type"] = "quorum",
            ["x-delivery-limit"] = options.DeliveryLimit,
            ["x-dead-letter-exchange"] = DeadLetterExchange,
        };
        if (options.MaxLength > 0)
        {
            arguments["x-max-length"] = options.MaxLength;
            arguments["x-overflow"] = "reject-publish";
        }
        return arguments;
    }
}
