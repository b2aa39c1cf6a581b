using Microsoft.Extensions.Options;

namespace PixTools.Queue;

/// <summary>What the rabbitmq provider needs, named by key.</summary>
public sealed class QueueOptionsValidator : IValidateOptions<QueueOptions>
{
    public ValidateOptionsResult Validate(string? name, QueueOptions options)
    {
        if (!string.Equals(options.Provider, "rabbitmq", StringComparison.OrdinalIgnoreCase)) return ValidateOptionsResult.Success;
        var rabbit = options.RabbitMq;
        var failures = new List<string>();
        if (!(System.Uri.TryCreate(rabbit.Uri, UriKind.Absolute, out var uri) && uri.Scheme is "amqp" or "amqps"))
        {
            failures.Add("Queue:RabbitMq:Uri must be an amqp:// or amqps:// URL when Queue:Provider is rabbitmq");
        }
        if (rabbit.PublishTimeout < TimeSpan.Zero || rabbit.PublishTimeout > TimeSpan.FromMinutes(5)) failures.Add($"Queue:RabbitMq:PublishTimeout must be between 0 and 5 minutes, got {rabbit.PublishTimeout}");
        if (rabbit.ConfirmTimeout <= TimeSpan.Zero || rabbit.ConfirmTimeout > TimeSpan.FromMinutes(5)) failures.Add($"Queue:RabbitMq:ConfirmTimeout must be more than 0 and at most 5 minutes, got {rabbit.ConfirmTimeout}");
        if (rabbit.MaxLength < 0) failures.Add($"Queue:RabbitMq:MaxLength must be 0 (no limit) or more, got {rabbit.MaxLength}");
        if (rabbit.DeliveryLimit is < 1 or > 1000) failures.Add($"Queue:RabbitMq:DeliveryLimit must be 1..1000, got {rabbit.DeliveryLimit}");
        if (string.IsNullOrWhiteSpace(rabbit.Prefix) || rabbit.Prefix.Any(char.IsWhiteSpace))
        {
            failures.Add($"Queue:RabbitMq:Prefix must be a name without spaces, got '{rabbit.Prefix}'");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
