using System.ComponentModel.DataAnnotations;

namespace PixTools.Queue;

/// <summary>The work queue, section <c>Queue</c>.</summary>
public sealed class QueueOptions
{
    public const string Section = "Queue";

    /// <summary>
    /// <c>inprocess</c> (the embedded default: a channel inside this process, so it needs Role <c>all</c>) or
    /// <c>rabbitmq</c> (durable queues shared by api and worker processes, see <see cref="RabbitMq"/>).
    /// </summary>
    [Required, RegularExpression("^(inprocess|rabbitmq)$", ErrorMessage = "Queue:Provider must be 'inprocess' or 'rabbitmq'")]
    public string Provider { get; set; } = "inprocess";

    public RabbitMqQueueOptions RabbitMq { get; set; } = new();
}
