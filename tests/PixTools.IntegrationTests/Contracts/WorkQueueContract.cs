using System.Collections.Concurrent;
using PixTools.Queue;

namespace PixTools.IntegrationTests.Contracts;

/// <summary>What every <see cref="IWorkQueue"/> must do; a subclass builds a queue of the test's own.</summary>
public abstract class WorkQueueContract
{
    protected static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    protected abstract IWorkQueue Queue { get; }

    protected static WorkMessage NewMessage(string operation = "webp") => new(Guid.NewGuid(), operation, "req-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>Consumes in the background until disposed.</summary>
    protected Consumer Consume(string queue, int concurrency, Func<WorkDelivery, Task<DeliveryOutcome>> handler) => new(Queue, queue, concurrency, handler);

    [Fact]
    public async Task APublishedMessageIsDeliveredOnceWithItsRequestId()
    {
        var message = NewMessage();
        var received = new ConcurrentBag<WorkDelivery>();
        await using var consumer = Consume(QueueNames.Standard, 1, d => { received.Add(d); return Task.FromResult(DeliveryOutcome.Ack); });
        await Queue.PublishAsync(message, CancellationToken.None);
        await WaitUntilAsync(() => !received.IsEmpty);
        await Task.Delay(300);
        var delivery = Assert.Single(received);
        Assert.Equal(message, delivery.Message);
        Assert.Equal(1, delivery.DeliveryCount);
    }

    [Fact]
    public async Task ARetryDeliversTheMessageAgainWithTheNextCount()
    {
        var message = NewMessage();
        var counts = new ConcurrentQueue<int>();
        await using var consumer = Consume(QueueNames.Standard, 1, d =>
        {
            counts.Enqueue(d.DeliveryCount);
            return Task.FromResult(d.DeliveryCount < 3 ? DeliveryOutcome.RetryAfter(TimeSpan.FromMilliseconds(100)) : DeliveryOutcome.Ack);
        });
        await Queue.PublishAsync(message, CancellationToken.None);
        await WaitUntilAsync(() => counts.Count >= 3);
        await Task.Delay(300);
        Assert.Equal([1, 2, 3], counts);
    }

    [Fact]
    public async Task ADeadLetteredMessageIsNotDeliveredAgain()
    {
        var deliveries = 0;
        await using var consumer = Consume(QueueNames.Standard, 1, _ =>
        {
            Interlocked.Increment(ref deliveries);
            return Task.FromResult(DeliveryOutcome.DeadLetter("test"));
        });
        await Queue.PublishAsync(NewMessage(), CancellationToken.None);
        await WaitUntilAsync(() => deliveries > 0);
        await Task.Delay(1000);
        Assert.Equal(1, deliveries);
    }

    [Fact]
    public async Task NoMoreThanTheConcurrencyRunAtOnce()
    {
        var running = 0;
        var most = 0;
        var done = 0;
        await using var consumer = Consume(QueueNames.Standard, 2, async _ =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            await Task.Delay(200);
            Interlocked.Decrement(ref running);
            Interlocked.Increment(ref done);
            return DeliveryOutcome.Ack;
        });
        for (var i = 0; i < 8; i++) await Queue.PublishAsync(NewMessage(), CancellationToken.None);
        await WaitUntilAsync(() => Volatile.Read(ref done) == 8);
        Assert.Equal(2, most);
    }

    [Fact]
    public async Task DenoiseGoesToTheMlQueue()
    {
        var standard = 0;
        var ml = new ConcurrentBag<WorkMessage>();
        await using var a = Consume(QueueNames.Standard, 1, _ => { Interlocked.Increment(ref standard); return Task.FromResult(DeliveryOutcome.Ack); });
        await using var b = Consume(QueueNames.Ml, 1, d => { ml.Add(d.Message); return Task.FromResult(DeliveryOutcome.Ack); });
        var message = NewMessage("denoise");
        await Queue.PublishAsync(message, CancellationToken.None);
        await WaitUntilAsync(() => !ml.IsEmpty);
        Assert.Equal(message, Assert.Single(ml));
        Assert.Equal(0, standard);
    }

    protected static async Task WaitUntilAsync(Func<bool> condition)
    {
        var giveUp = DateTime.UtcNow + Deadline;
        while (!condition())
        {
            if (DateTime.UtcNow > giveUp) throw new TimeoutException("condition not met before the deadline");
            await Task.Delay(20);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    protected sealed class Consumer : IAsyncDisposable
    {
        private readonly CancellationTokenSource stop = new();
        private readonly Task running;

        public Consumer(IWorkQueue queue, string name, int concurrency, Func<WorkDelivery, Task<DeliveryOutcome>> handler) =>
            running = Task.Run(() => queue.ConsumeAsync(name, concurrency, (d, _) => handler(d), stop.Token));

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await running;
            stop.Dispose();
        }
    }
}
