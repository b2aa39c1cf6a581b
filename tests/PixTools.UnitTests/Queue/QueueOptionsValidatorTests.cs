using PixTools.Queue;

namespace PixTools.UnitTests.Queue;

public sealed class QueueOptionsValidatorTests
{
    private static IEnumerable<string> FailuresOf(QueueOptions options) =>
        new QueueOptionsValidator().Validate(null, options).Failures ?? [];

    [Fact]
    public void TheInProcessQueueNeedsNoBroker() =>
        Assert.Empty(FailuresOf(new QueueOptions { Provider = "inprocess", RabbitMq = { Uri = "" } }));

    [Fact]
    public void TheDefaultRabbitMqSettingsPass() =>
        Assert.Empty(FailuresOf(new QueueOptions { Provider = "rabbitmq" }));

    [Theory]
    [InlineData("http://127.0.0.1:5672/")]
    [InlineData("rabbitmq:5672")]
    [InlineData("")]
    public void TheBrokerUriMustBeAmqp(string uri) =>
        Assert.Contains("Queue:RabbitMq:Uri must be an amqp:// or amqps:// URL when Queue:Provider is rabbitmq",
            FailuresOf(new QueueOptions { Provider = "rabbitmq", RabbitMq = { Uri = uri } }));

    [Fact]
    public void TheDeliveryLimitIsAtLeastOne() =>
        Assert.Contains("Queue:RabbitMq:DeliveryLimit must be 1..1000, got 0",
            FailuresOf(new QueueOptions { Provider = "rabbitmq", RabbitMq = { DeliveryLimit = 0 } }));
}
