namespace PixTools.Queue;

/// <summary>The RabbitMQ broker, section <c>Queue:RabbitMq</c>; used when Queue:Provider is <c>rabbitmq</c>.</summary>
public sealed class RabbitMqQueueOptions
{
    /// <summary>The broker, user and virtual host: <c>amqp://user:pass@host:5672/vhost</c> (<c>amqps://</c> for TLS).</summary>
    public string Uri { get; set; } = "amqp://guest:guest@localhost:5672/";

    /// <summary>Deliveries of one message before the broker dead-letters it (quorum queues' <c>x-delivery-limit</c>, default 5).</summary>
    public int DeliveryLimit { get; set; } = 5;

    /// <summary>
    /// Messages a work queue holds at most (<c>x-max-length</c> with <c>x-overflow: reject-publish</c>, default 10000;
    /// 0 = no limit). A publish to a full queue is refused and the submission answers 503. Queues declared before
    /// with other arguments keep them (see docs/configuration.md for the policy that applies the limit to them).
    /// </summary>
    public int MaxLength { get; set; } = 10_000;

    /// <summary>
    /// How long a publish keeps trying while the broker is unreachable or our connection to it is closed and recovering
    /// (it recovers every 2 s) before it fails (default 1.5 s): a submission then answers 503 at once instead of
    /// holding its client; the sweeper sends what it could not publish at its next pass.
    /// </summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(1.5);

    /// <summary>The longest a publish on an open connection waits for the broker's confirm (default 10 s) before it fails.</summary>
    public TimeSpan ConfirmTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Start of every queue and exchange name (default <c>pixtools</c>: pixtools.standard, pixtools.ml, pixtools.dead).</summary>
    public string Prefix { get; set; } = "pixtools";
}
