using System.Diagnostics;
using System.Text;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace PixTools.Queue;

/// <summary>A <see cref="WorkMessage"/> on the wire: a JSON body, persistent, with the request id and trace context in headers.</summary>
public static class RabbitMqMessages
{
    public const string RequestIdHeader = "request_id";
    public const string TraceParentHeader = "traceparent";

    /// <summary>Set by quorum queues on a redelivery: how many times the message went back to the queue before.</summary>
    private const string DeliveryCountHeader = "x-delivery-count";

    /// <summary>Set by us on a message a handler gave up on: the deliveries it had (the broker drops x-delivery-count when dead-lettering).</summary>
    private const string DeliveriesHeader = "pixtools-deliveries";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static byte[] BodyOf(WorkMessage message) => JsonSerializer.SerializeToUtf8Bytes(message, Json);

    public static BasicProperties PropertiesOf(WorkMessage message)
    {
        var headers = new Dictionary<string, object?>();
        if (message.RequestId is { } requestId) headers[RequestIdHeader] = requestId;
        if (Activity.Current is { } activity) headers[TraceParentHeader] = activity.Id;
        return new BasicProperties
        {
            Persistent = true,
            ContentType = "application/json",
            MessageId = $"{message.JobId:D}/{message.Operation}",
            Headers = headers,
        };
    }

    /// <summary>A copy of a delivered message for the dead-letter exchange, saying how many deliveries it had.</summary>
    public static BasicProperties DeadLetterPropertiesOf(IReadOnlyBasicProperties delivered, int deliveries)
    {
        var properties = new BasicProperties(delivered) { Headers = new Dictionary<string, object?>(delivered.Headers ?? new Dictionary<string, object?>()) };
        properties.Headers.Remove(DeliveryCountHeader);
        properties.Headers[DeliveriesHeader] = deliveries;
        return properties;
    }

    /// <summary>
    /// A dead letter and the deliveries it had: ours say so in a header; one the broker dead-lettered at its
    /// delivery limit (x-death reason <c>delivery_limit</c>) had the limit's returns plus the last delivery.
    /// </summary>
    public static WorkDelivery? ReadDeadLetter(BasicDeliverEventArgs delivery, int deliveryLimit)
    {
        if (Read(delivery) is not { } work) return null;
        var headers = delivery.BasicProperties.Headers;
        if (headers?.TryGetValue(DeliveriesHeader, out var ours) == true) return work with { DeliveryCount = (int)NumberOf(ours) };
        var atLimit = headers?.TryGetValue("x-death", out var deaths) == true && deaths is IList<object> { Count: > 0 } list
            && list[0] is IDictionary<string, object?> death && death.TryGetValue("reason", out var reason)
            && reason is byte[] text && Encoding.UTF8.GetString(text) == "delivery_limit";
        return atLimit ? work with { DeliveryCount = deliveryLimit + 1 } : work;
    }

    /// <summary>The delivery, or null when the body is not a work message (it can never succeed: it is dead-lettered).</summary>
    public static WorkDelivery? Read(BasicDeliverEventArgs delivery)
    {
        WorkMessage? message;
        try
        {
            message = JsonSerializer.Deserialize<WorkMessage>(delivery.Body.Span, Json);
        }
        catch (JsonException)
        {
            return null;
        }
        if (message is null || message.JobId == Guid.Empty || string.IsNullOrEmpty(message.Operation)) return null;
        return new WorkDelivery(message, DeliveriesOf(delivery.BasicProperties));
    }

    /// <summary>This delivery's number, counting from 1.</summary>
    public static int DeliveriesOf(IReadOnlyBasicProperties properties) =>
        properties.Headers?.TryGetValue(DeliveryCountHeader, out var value) == true ? checked((int)NumberOf(value) + 1) : 1;

    public static string? TextOf(IReadOnlyBasicProperties properties, string header) =>
        properties.Headers?.TryGetValue(header, out var value) == true && value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : null;

    private static long NumberOf(object? value) => value switch
    {
        int i => i,
        long l => l,
        short s => s,
        byte b => b,
        byte[] text when long.TryParse(Encoding.ASCII.GetString(text), out var parsed) => parsed,
        _ => 0,
    };
}
