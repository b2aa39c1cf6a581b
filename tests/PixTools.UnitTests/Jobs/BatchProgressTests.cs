using PixTools.Jobs;

namespace PixTools.UnitTests.Jobs;

public sealed class BatchProgressTests
{
    private static Job JobIn(JobStatus status) => new() { Status = status, SourceKey = "k", SourceFormat = "jpg", OriginalName = "n" };

    [Theory]
    [InlineData("PENDING", 0, 0, JobStatus.PENDING, JobStatus.PENDING)]
    [InlineData("PROCESSING", 0, 0, JobStatus.PENDING, JobStatus.PROCESSING)]
    [InlineData("PROCESSING", 1, 0, JobStatus.COMPLETED, JobStatus.PENDING)]
    [InlineData("COMPLETED", 2, 0, JobStatus.COMPLETED, JobStatus.COMPLETED_WEBHOOK_FAILED)]
    [InlineData("PARTIAL", 1, 1, JobStatus.COMPLETED, JobStatus.FAILED)]
    [InlineData("FAILED", 0, 2, JobStatus.FAILED, JobStatus.FAILED)]
    public void TheStatusFollowsTheJobs(string expected, int completed, int failed, JobStatus first, JobStatus second)
    {
        var progress = BatchProgress.Of([JobIn(first), JobIn(second)]);
        Assert.Equal(new BatchProgress(expected, 2, completed, failed), progress);
        Assert.Equal(expected is "COMPLETED" or "PARTIAL" or "FAILED", progress.IsTerminal);
    }
}
