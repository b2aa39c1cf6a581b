using PixTools.Jobs;

namespace PixTools.IntegrationTests.Contracts;

/// <summary>What the job store must do on every database provider; a subclass only builds the store.</summary>
public abstract class JobStoreContract
{
    protected abstract JobStore Store { get; }

    protected static Job NewJob(params string[] operations)
    {
        var id = Guid.CreateVersion7();
        return new Job
        {
            Id = id,
            Status = JobStatus.PENDING,
            Operations = [.. operations],
            SourceKey = $"raw/{id}/x.png",
            SourceFormat = "png",
            OriginalName = "x",
            Runs = operations.Select(op => new OperationRun { JobId = id, Operation = op, Status = OperationRunStatus.Pending, ParamsJson = "{}" }).ToList(),
        };
    }

    private static OperationResultRecord Result(Guid jobId, string op) => new($"processed/{jobId}/{op}.{op}", "image/" + op, 10, 1, 1, null);

    [Fact]
    public async Task StoresAJobWithItsOperations()
    {
        var job = NewJob("webp", "metadata");
        var created = await Store.CreateAsync(job, null, "f", CancellationToken.None);
        Assert.Equal(CreateJobOutcome.Created, created.Outcome);
        var read = await Store.FindAsync(job.Id, CancellationToken.None);
        Assert.Equal(["webp", "metadata"], read!.Operations);
        Assert.Equal(2, read.Runs.Count);
        Assert.Equal(JobStatus.PENDING, read.Status);
    }

    [Fact]
    public async Task TimesComeBackInUtc()
    {
        var job = NewJob("webp");
        await Store.CreateAsync(job, null, "f", CancellationToken.None);
        await Store.RecordFailedAsync(job.Id, "webp", "operation webp failed: x", CancellationToken.None);
        await Store.TryFinalizeAsync(job.Id, CancellationToken.None);
        var read = (await Store.FindAsync(job.Id, CancellationToken.None))!;
        Assert.Equal(DateTimeKind.Utc, read.CreatedAt.Kind);
        Assert.Equal(DateTimeKind.Utc, read.FinishedAt!.Value.Kind);
        Assert.Equal(DateTimeKind.Utc, read.Runs.Single().UpdatedAt.Kind);
        Assert.InRange(read.CreatedAt, DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task ConcurrentCreatesWithOneKeyStoreOneJob()
    {
        var key = Guid.NewGuid().ToString();
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Store.CreateAsync(NewJob("webp"), key, "same", CancellationToken.None)));
        Assert.Single(results, r => r.Outcome == CreateJobOutcome.Created);
        Assert.Single(results.Select(r => r.JobId).Distinct());
        var other = await Store.CreateAsync(NewJob("webp"), key, "different", CancellationToken.None);
        Assert.Equal(CreateJobOutcome.KeyReusedWithOtherRequest, other.Outcome);
    }

    [Fact]
    public async Task ExactlyOneFinalizerWins()
    {
        var job = NewJob("webp", "avif");
        await Store.CreateAsync(job, null, "f", CancellationToken.None);
        foreach (var op in job.Operations)
        {
            Assert.True(await Store.TryStartOperationAsync(job.Id, op, CancellationToken.None));
            await Store.RecordSucceededAsync(job.Id, op, Result(job.Id, op), CancellationToken.None);
        }
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Store.TryFinalizeAsync(job.Id, CancellationToken.None)));
        Assert.Equal([JobStatus.COMPLETED], outcomes.OfType<JobStatus>());
        Assert.Equal(JobStatus.COMPLETED, (await Store.FindAsync(job.Id, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task DoesNotFinalizeWhileAnOperationIsUnfinished()
    {
        var job = NewJob("webp", "avif");
        await Store.CreateAsync(job, null, "f", CancellationToken.None);
        await Store.RecordSucceededAsync(job.Id, "webp", Result(job.Id, "webp"), CancellationToken.None);
        Assert.Null(await Store.TryFinalizeAsync(job.Id, CancellationToken.None));
        Assert.Equal(JobStatus.PENDING, (await Store.FindAsync(job.Id, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task AFailedOperationFailsTheJobWithItsReason()
    {
        var job = NewJob("webp", "avif");
        await Store.CreateAsync(job, null, "f", CancellationToken.None);
        await Store.RecordSucceededAsync(job.Id, "webp", Result(job.Id, "webp"), CancellationToken.None);
        await Store.RecordFailedAsync(job.Id, "avif", "operation avif failed: broken", CancellationToken.None);
        Assert.Equal(JobStatus.FAILED, await Store.TryFinalizeAsync(job.Id, CancellationToken.None));
        Assert.Equal("operation avif failed: broken", (await Store.FindAsync(job.Id, CancellationToken.None))!.ErrorMessage);
    }

    [Fact]
    public async Task ADoneOperationCannotStartAgain()
    {
        var job = NewJob("webp");
        await Store.CreateAsync(job, null, "f", CancellationToken.None);
        Assert.True(await Store.TryStartOperationAsync(job.Id, "webp", CancellationToken.None));
        Assert.Equal(JobStatus.PROCESSING, (await Store.FindAsync(job.Id, CancellationToken.None))!.Status);
        await Store.RecordSucceededAsync(job.Id, "webp", Result(job.Id, "webp"), CancellationToken.None);
        Assert.False(await Store.TryStartOperationAsync(job.Id, "webp", CancellationToken.None));
    }

    [Fact]
    public async Task ListsUnfinishedOperationsAndCountsRedispatches()
    {
        var job = NewJob("webp");
        await Store.CreateAsync(job, null, "f", CancellationToken.None);
        var all = await Store.ListUnfinishedOperationsAsync(10_000, CancellationToken.None);
        Assert.Contains(all, o => o.JobId == job.Id && o.Operation == "webp" && o.Redispatches == 0 && !o.Started);
        await Store.MarkRedispatchedAsync(job.Id, "webp", CancellationToken.None);
        var stale = await Store.ListStaleOperationsAsync(DateTime.UtcNow.AddMinutes(2), TimeSpan.FromMinutes(1), 10_000, CancellationToken.None);
        Assert.Contains(stale, o => o.JobId == job.Id && o.Redispatches == 1);
        var fresh = await Store.ListStaleOperationsAsync(DateTime.UtcNow, TimeSpan.FromMinutes(1), 10_000, CancellationToken.None);
        Assert.DoesNotContain(fresh, o => o.JobId == job.Id);
    }

    // The sweep's "now" is given explicitly, relative to moments read around each write, so the assertions do not
    // depend on how long a busy database takes to answer.
    private static readonly TimeSpan Patience = TimeSpan.FromMilliseconds(100);

    private Task<IReadOnlyList<UnfinishedOperation>> StaleAtAsync(DateTime now) =>
        Store.ListStaleOperationsAsync(now, Patience, 10_000, CancellationToken.None);

    [Fact]
    public async Task AWaitingOperationIsStaleOnlyWhenItsQueueStandsStillOrHasPassedIt()
    {
        var waiting = NewJob("webp");
        var submittedWithIt = NewJob("webp");
        var denoise = NewJob("webp");
        denoise.Runs.Single().ParamsJson = OperationParamsJson.Serialize(new Operations.OperationParams(Strength: Operations.DenoiseStrength.Auto));
        foreach (var job in new[] { waiting, submittedWithIt, denoise }) await Store.CreateAsync(job, null, "f", CancellationToken.None);
        await Task.Delay(20);
        var created = DateTime.UtcNow;

        // Nothing handed out lately: both queues stand still, so every waiting operation looks lost.
        var idle = await StaleAtAsync(DateTime.UtcNow + Patience + TimeSpan.FromSeconds(1));
        Assert.Contains(idle, o => o.JobId == waiting.Id && !o.Started);
        Assert.Contains(idle, o => o.JobId == denoise.Id);

        // The standard queue hands out a job submitted with it: it is only waiting in line. The ml queue still stands still.
        Assert.True(await Store.TryStartOperationAsync(submittedWithIt.Id, "webp", CancellationToken.None));
        var moving = await StaleAtAsync(created + Patience);
        Assert.DoesNotContain(moving, o => o.JobId == waiting.Id || o.JobId == submittedWithIt.Id);
        Assert.Contains(moving, o => o.JobId == denoise.Id);

        // A job submitted well after it is handed out first: it was passed over, so its message is lost.
        await Task.Delay(Patience + TimeSpan.FromMilliseconds(50));
        var later = NewJob("webp");
        await Store.CreateAsync(later, null, "f", CancellationToken.None);
        var starting = DateTime.UtcNow;
        Assert.True(await Store.TryStartOperationAsync(later.Id, "webp", CancellationToken.None));
        Assert.Contains(await StaleAtAsync(starting - TimeSpan.FromMilliseconds(1) + Patience), o => o.JobId == waiting.Id);
    }

    [Fact]
    public async Task ARunningOperationIsStaleOnlyWhenItsWorkerStopsReportingIt()
    {
        var job = NewJob("webp", "metadata");
        await Store.CreateAsync(job, null, "f", CancellationToken.None);
        Assert.True(await Store.TryStartOperationAsync(job.Id, "webp", CancellationToken.None));
        await Task.Delay(20);

        var touching = DateTime.UtcNow;
        Assert.Equal(1, await Store.TouchRunningAsync(job.Id, ["webp", "metadata"], CancellationToken.None));
        Assert.DoesNotContain(await StaleAtAsync(touching - TimeSpan.FromMilliseconds(1) + Patience), o => o.JobId == job.Id && o.Operation == "webp");

        // No report for longer than the patience.
        Assert.Contains(await StaleAtAsync(DateTime.UtcNow + Patience + TimeSpan.FromSeconds(1)), o => o.JobId == job.Id && o.Operation == "webp" && o.Started);
    }

    [Fact]
    public async Task ListsAndDeletesExpiredJobs()
    {
        var job = NewJob("webp");
        await Store.CreateAsync(job, null, "f", CancellationToken.None);
        var expired = await Store.ListExpiredJobsAsync(DateTime.UtcNow.AddSeconds(1), 10_000, CancellationToken.None);
        Assert.Contains(expired, j => j.Id == job.Id);
        await Store.DeleteJobAsync(job.Id, CancellationToken.None);
        Assert.Null(await Store.FindAsync(job.Id, CancellationToken.None));
    }
}
