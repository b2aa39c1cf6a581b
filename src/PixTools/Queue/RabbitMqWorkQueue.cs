// Over 250 lines: one adapter that must keep its connection, publisher confirms, consumers and their recovery together.
using Microsoft.Extensions.Options;
using PixTools.Observability;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace PixTools.Queue;

/// <summary>
/// The distributed profile's queue on RabbitMQ (see <see cref="RabbitMqTopology"/>). Publishes are persistent and
/// confirmed by the broker before they return. A delivery is acked only after the handler returns (the handler has
/// stored its result by then); a retry waits its delay holding the message, then returns it to the queue, so the
/// message never lives outside the broker and the broker's own delivery count (and limit) applies; a dead-letter
/// goes to <c>{prefix}.dead</c>. One connection per process, recovered with its consumers after a broker restart.
/// </summary>
public sealed class RabbitMqWorkQueue(IOptions<QueueOptions> options, ILogger<RabbitMqWorkQueue> logger) : IWorkQueue, IAsyncDisposable
{
    /// <summary>
    /// A handler that throws (rather than choosing an outcome) is retried after 1 s, doubling with each delivery up to
    /// 30 s, until the delivery limit: with the default limit of 5 that rides out a database outage of about 15 s,
    /// while a message that throws every time still ends in the dead-letter queue. The held message also keeps its
    /// prefetch slot, so a worker takes no new work while its dependencies are down.
    /// </summary>
    private static TimeSpan FailedHandlerDelay(int deliveries) => TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, deliveries - 1)));


    private readonly SemaphoreSlim connectLock = new(1, 1);
    private IConnection? connection;
    private IChannel? publisher;

    public RabbitMqTopology Topology { get; } = new(options.Value.RabbitMq);

    public bool IsDurable => true;

    /// <summary>Whether the connection to the broker was open once and is closed now (the broker is away and being reconnected to).</summary>
    public bool IsDown => connection is { IsOpen: false };

    /// <summary>Whether the connection to the broker is open now (connecting first if it never was).</summary>
    public async Task<bool> IsConnectedAsync(CancellationToken cancellationToken)
    {
        try
        {
            return (await ConnectAsync(cancellationToken)).IsOpen;
        }
        catch (BrokerUnreachableException)
        {
            return false;
        }
    }

    public async Task<long> CountWaitingAsync(string queue, CancellationToken cancellationToken)
    {
        var connected = await ConnectAsync(cancellationToken);
        await using var channel = await connected.CreateChannelAsync(cancellationToken: cancellationToken);
        return (await channel.QueueDeclarePassiveAsync(Topology.QueueOf(queue), cancellationToken)).MessageCount;
    }

    public async Task PublishAsync(WorkMessage message, CancellationToken cancellationToken)
    {
        var body = RabbitMqMessages.BodyOf(message);
        var properties = RabbitMqMessages.PropertiesOf(message);
        var queue = Topology.QueueOf(QueueNames.For(message));
        // While the broker is away (unreachable, or our connection closed and recovering) a publish retries for
        // PublishTimeout and then fails, so the client gets 503 at once. An open connection gets ConfirmTimeout for the
        // publish and its confirm: a busy broker is slow, not away.
        var giveUpAt = DateTime.UtcNow + options.Value.RabbitMq.PublishTimeout;
        while (true)
        {
            try
            {
                var connected = await ConnectAsync(cancellationToken);
                if (!connected.IsOpen) throw new Resilience.DependencyUnavailableException("queue", "The connection to the job queue is closed and recovering.");
                using var confirm = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                confirm.CancelAfter(options.Value.RabbitMq.ConfirmTimeout);
                await publisher!.BasicPublishAsync("", queue, mandatory: true, properties, body, confirm.Token);
                return;
            }
            catch (PublishException refused) when (!refused.IsReturn)
            {
                // A negative confirm: the queue is at Queue:RabbitMq:MaxLength and refuses the message (reject-publish).
                throw new Resilience.DependencyUnavailableException("queue",
                    "The job queue is full at the moment. Please try again shortly.", refused);
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested &&
                (IsTransient(error) || error is OperationCanceledException or Resilience.DependencyUnavailableException))
            {
                if (DateTime.UtcNow >= giveUpAt || error is OperationCanceledException)
                {
                    throw new Resilience.DependencyUnavailableException("queue",
                        "The job queue cannot be reached at the moment. Please try again shortly.", error);
                }
                logger.QueuePublishRetrying(message.JobId, message.Operation, error.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
            }
        }
    }

    public async Task ConsumeAsync(string queue, int concurrency, Func<WorkDelivery, CancellationToken, Task<DeliveryOutcome>> handler, CancellationToken cancellationToken)
    {
        await ConsumeQueueAsync(Topology.QueueOf(queue), concurrency, async (channel, delivery) =>
        {
            if (RabbitMqMessages.Read(delivery) is not { } work)
            {
                logger.QueueMessageUnreadable(queue);
                await SettleAsync(channel, delivery, 1, DeliveryOutcome.DeadLetter("unreadable message"), cancellationToken);
                return;
            }
            DeliveryOutcome outcome;
            try
            {
                outcome = await handler(work, cancellationToken);
            }
            catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.QueueHandlerFailed(error, work.Message.JobId, work.Message.Operation, work.DeliveryCount);
                outcome = DeliveryOutcome.RetryAfter(FailedHandlerDelay(work.DeliveryCount));
            }
            await SettleAsync(channel, delivery, work.DeliveryCount, outcome, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>
    /// Delivers what the broker dead-lettered (a message over its delivery limit, or one a handler gave up on) to
    /// <paramref name="handler"/>, acking each once the handler returns.
    /// </summary>
    public Task ConsumeDeadLettersAsync(Func<WorkDelivery, CancellationToken, Task> handler, CancellationToken cancellationToken) =>
        ConsumeQueueAsync(Topology.DeadLetterQueue, 1, async (channel, delivery) =>
        {
            if (RabbitMqMessages.ReadDeadLetter(delivery, options.Value.RabbitMq.DeliveryLimit) is { } work)
            {
                try
                {
                    await handler(work, cancellationToken);
                }
                catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    logger.QueueHandlerFailed(error, work.Message.JobId, work.Message.Operation, work.DeliveryCount);
                    await SettleAsync(channel, delivery, work.DeliveryCount, DeliveryOutcome.RetryAfter(FailedHandlerDelay(work.DeliveryCount)), cancellationToken);
                    return;
                }
            }
            await SettleAsync(channel, delivery, 1, DeliveryOutcome.Ack, cancellationToken);
        }, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (publisher is not null) await publisher.DisposeAsync();
        if (connection is not null) await connection.DisposeAsync();
        connectLock.Dispose();
    }

    /// <summary>
    /// Consumes until stopped. The broker may go away while the consumer is being set up (before automatic recovery
    /// covers it): setting up is then tried again every 2 s instead of ending the worker.
    /// </summary>
    private async Task ConsumeQueueAsync(string queue, int concurrency, Func<IChannel, BasicDeliverEventArgs, Task> deliver, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await ConsumeQueueOnceAsync(queue, concurrency, deliver, cancellationToken);
                return;
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested && (error is OperationInterruptedException || Resilience.DependencyFailures.IsUnavailable(error)))
            {
                logger.QueueUnreachable(error.Message);
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task ConsumeQueueOnceAsync(string queue, int concurrency, Func<IChannel, BasicDeliverEventArgs, Task> deliver, CancellationToken cancellationToken)
    {
        var open = await ConnectPatientlyAsync(cancellationToken);
        if (open is null) return;
        var prefetch = checked((ushort)concurrency);
        await using var channel = await open.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: false, publisherConfirmationTrackingEnabled: false, consumerDispatchConcurrency: prefetch),
            cancellationToken);
        // The broker hands out no more unacked messages than we run at once: the rest stay for other workers.
        await channel.BasicQosAsync(prefetchSize: 0, prefetchCount: prefetch, global: false, cancellationToken);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) => deliver(channel, delivery);
        await channel.BasicConsumeAsync(queue, autoAck: false, consumer, cancellationToken);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping: closing the channel returns every unacked message to the queue.
        }
    }

    private async Task SettleAsync(IChannel channel, BasicDeliverEventArgs delivery, int deliveries, DeliveryOutcome outcome, CancellationToken cancellationToken)
    {
        var tag = delivery.DeliveryTag;
        try
        {
            switch (outcome)
            {
                case RetryOutcome retry:
                    await Task.Delay(retry.Delay, cancellationToken);
                    await channel.BasicNackAsync(tag, multiple: false, requeue: true, CancellationToken.None);
                    break;
                case DeadLetterOutcome dead:
                    // Published to the dead-letter exchange by us (confirmed, then acked) rather than nacked: a nack
                    // would lose the delivery count, which the dead-letter consumer reports.
                    logger.QueueDeadLettering(dead.Reason);
                    await ConnectAsync(cancellationToken);
                    await publisher!.BasicPublishAsync(Topology.DeadLetterExchange, "", mandatory: false,
                        RabbitMqMessages.DeadLetterPropertiesOf(delivery.BasicProperties, deliveries), delivery.Body.ToArray(), CancellationToken.None);
                    await channel.BasicAckAsync(tag, multiple: false, CancellationToken.None);
                    break;
                default:
                    await channel.BasicAckAsync(tag, multiple: false, CancellationToken.None);
                    break;
            }
        }
        catch (Exception error) when (error is AlreadyClosedException or OperationCanceledException)
        {
            // The channel closed (broker restart, shutdown): the broker delivers the message again; handlers are idempotent.
        }
    }

    private async Task<IConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        if (connection is { } existing) return existing;
        await connectLock.WaitAsync(cancellationToken);
        try
        {
            if (connection is { } raced) return raced;
            var factory = new ConnectionFactory
            {
                Uri = new Uri(options.Value.RabbitMq.Uri),
                AutomaticRecoveryEnabled = true,
                TopologyRecoveryEnabled = true,
                NetworkRecoveryInterval = TimeSpan.FromSeconds(2),
                // A broker that does not answer must not hold a publish (and its client) for the default 30 s.
                RequestedConnectionTimeout = TimeSpan.FromSeconds(5),
                ClientProvidedName = $"pixtools {Environment.MachineName} {Environment.ProcessId}",
            };
            var opened = await factory.CreateConnectionAsync(cancellationToken);
            await using (var setup = await opened.CreateChannelAsync(cancellationToken: cancellationToken))
            {
                if (!await Topology.DeclareAsync(setup, cancellationToken))
                {
                    // The queues exist with other arguments: declaring closed the channel; check they exist and use them as they are.
                    await using var check = await opened.CreateChannelAsync(cancellationToken: cancellationToken);
                    foreach (var queue in QueueNames.All) await check.QueueDeclarePassiveAsync(Topology.QueueOf(queue), cancellationToken);
                    logger.QueueArgumentsDiffer(Topology.QueueOf(QueueNames.Standard), options.Value.RabbitMq.MaxLength);
                }
            }
            publisher = await opened.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
            connection = opened;
            return opened;
        }
        finally
        {
            connectLock.Release();
        }
    }

    /// <summary>A worker may start before the broker: it keeps trying until it connects or stops.</summary>
    private async Task<IConnection?> ConnectPatientlyAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                return await ConnectAsync(cancellationToken);
            }
            catch (BrokerUnreachableException error)
            {
                logger.QueueUnreachable(error.Message);
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
        return null;
    }

    private static bool IsTransient(Exception error) =>
        error is BrokerUnreachableException or OperationInterruptedException or AlreadyClosedException or IOException;
}
