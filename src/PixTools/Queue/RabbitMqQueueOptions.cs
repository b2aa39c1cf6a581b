namespace PixTools.Queue;

/// <summary>The RabbitMQ broker, section <c>Queue:RabbitMq</c>; used when Queue:Provider is <c>rabbitmq</c>.</summary>
public sealed class RabbitMqQueueOptions
{
    /// <summary>The broker, user and virtual host: <c>amqp://user:pass@host:5672/vhost</c> (<c>amqps://</c> for TLS).</summary>
    public string Uri { get; set; } = "amqp://guest:guest@localhost:5672/";

    /// <summary>Deliveries of one message before the broker dead-letters it (quorum queues' <c>x-delivery-limit</c>, default 5).</summary>
    public int DeliveryLimit { get; set; } = 5;

    /// <summary>Start of every queue and exchange name (default <c>pixtools</c>: pixtools.standard, pixtools.ml, pixtools.dead).</summary>
    public string Prefix { get; set; } = "pixtools";
}
