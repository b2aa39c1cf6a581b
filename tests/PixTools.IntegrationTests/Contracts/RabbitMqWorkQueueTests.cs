using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PixTools.Finalize;
using PixTools.IntegrationTests.Support;
using PixTools.Jobs;
using PixTools.Queue;
using PixTools.Worker;

namespace PixTools.IntegrationTests.Contracts;

/// <summary>The RabbitMQ queue against the work queue contract on the test broker, plus the dead-letter path.</summary>
public sealed class RabbitMqWorkQueueTests(PostgresDatabase database) : WorkQueueContract, IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private readonly string prefix = TestRabbitMq.NewPrefix();
    private RabbitMqWorkQueue? queue;

    protected override IWorkQueue Queue => queue!;

    public Task InitializeAsync()
    {
        queue = TestRabbitMq.Queue(prefix, deliveryLimit: 3);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await queue!.DisposeAsync();
        await TestRabbitMq.DeleteAsync(prefix);
    }

    [Fact]
    public async Task ADeadLetteredMessageLandsInTheDeadQueue()
    {
        await using (Consume(QueueNames.Standard, 1, _ => Task.FromResult(DeliveryOutcome.DeadLetter("test"))))
        {
            await Queue.PublishAsync(NewMessage(), CancellationToken.None);
            await WaitUntilAsync(() => TestRabbitMq.CountAsync($"{prefix}.dead").Result == 1);
        }
    }

    [Fact]
    public async Task APoisonMessageEndsInTheDeadQueueAndFailsItsJob()
    {
        var jobs = new JobStore(new Factory(database.Options), Options.Create(new JobsOptions()), TimeProvider.System);
        var job = new Job
        {
            Id = Guid.CreateVersion7(),
            Status = JobStatus.PENDING,
            Operations = ["webp"],
            SourceKey = "raw/x/x.png",
            SourceFormat = "png",
            OriginalName = "x",
        };
        job.Runs.Add(new OperationRun { JobId = job.Id, Operation = "webp", Status = OperationRunStatus.Pending, ParamsJson = "{}" });
        await jobs.CreateAsync(job, null, "f", CancellationToken.None);
        var deliveries = 0;
        var deadLetters = new DeadLetterWorker(queue!, jobs, new JobFinalizer(jobs, [], TimeProvider.System, NullLogger<JobFinalizer>.Instance), NullLogger<DeadLetterWorker>.Instance);
        using var stop = new CancellationTokenSource();
        var deadConsumer = Task.Run(() => queue!.ConsumeDeadLettersAsync(deadLetters.HandleAsync, stop.Token));

        await using (Consume(QueueNames.Standard, 1, _ =>
        {
            Interlocked.Increment(ref deliveries);
            throw new InvalidOperationException("poison");
        }))
        {
            await Queue.PublishAsync(new WorkMessage(job.Id, "webp", "req-poison"), CancellationToken.None);
            var giveUp = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while ((await jobs.FindAsync(job.Id, CancellationToken.None))!.Status != JobStatus.FAILED)
            {
                Assert.True(DateTime.UtcNow < giveUp, "the job did not fail in time");
                await Task.Delay(100);
            }
        }
        await stop.CancelAsync();
        await deadConsumer;
        var failed = (await jobs.FindAsync(job.Id, CancellationToken.None))!;
        Assert.Equal(4, deliveries); // the limit of 3 returns, then the broker dead-letters it
        Assert.Equal($"operation webp failed: message dead-lettered after {deliveries} deliveries", failed.ErrorMessage);
    }

    private sealed class Factory(DbContextOptions<PostgresJobsDb> options) : IDbContextFactory<JobsDb>
    {
        public JobsDb CreateDbContext() => new PostgresJobsDb(options);
    }
}
