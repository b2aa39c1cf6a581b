using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PixTools.Queue;
using RabbitMQ.Client;

namespace PixTools.IntegrationTests.Support;

/// <summary>Queues of a test's own on the test RabbitMQ: a fresh name prefix, so nothing else publishes or consumes there.</summary>
public static class TestRabbitMq
{
    public static string NewPrefix() => $"pixtools-test-{Guid.NewGuid():N}";

    public static QueueOptions Options(string prefix, int deliveryLimit = 5) =>
        new() { Provider = "rabbitmq", RabbitMq = { Uri = TestServices.RabbitMq, Prefix = prefix, DeliveryLimit = deliveryLimit } };

    public static RabbitMqWorkQueue Queue(string prefix, int deliveryLimit = 5) =>
        new(Microsoft.Extensions.Options.Options.Create(Options(prefix, deliveryLimit)), NullLogger<RabbitMqWorkQueue>.Instance);

    /// <summary>Messages ready in a broker queue now.</summary>
    public static async Task<uint> CountAsync(string queue)
    {
        var factory = new ConnectionFactory { Uri = new Uri(TestServices.RabbitMq) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        return await channel.MessageCountAsync(queue);
    }

    /// <summary>Removes the prefix's queues and exchange.</summary>
    public static async Task DeleteAsync(string prefix)
    {
        var factory = new ConnectionFactory { Uri = new Uri(TestServices.RabbitMq) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        foreach (var queue in new[] { "standard", "ml", "dead" }) await channel.QueueDeleteAsync($"{prefix}.{queue}");
        await channel.ExchangeDeleteAsync($"{prefix}.dlx");
    }

    /// <summary>The same as PIXTOOLS_ variables, for a PixTools process.</summary>
    public static Dictionary<string, string> Environment(string prefix) => new()
    {
        ["PIXTOOLS_QUEUE__PROVIDER"] = "rabbitmq",
        ["PIXTOOLS_QUEUE__RABBITMQ__URI"] = TestServices.RabbitMq,
        ["PIXTOOLS_QUEUE__RABBITMQ__PREFIX"] = prefix,
    };
}
