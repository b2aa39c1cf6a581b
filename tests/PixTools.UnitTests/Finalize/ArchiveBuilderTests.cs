using System.IO.Compression;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using PixTools.Jobs;
using PixTools.Storage;

namespace PixTools.UnitTests.Finalize;

/// <summary>The bundle end step on a real SQLite job store and folder blob store; failures come from a flaky store wrapper.</summary>
public sealed class ArchiveBuilderTests : IDisposable
{
    private readonly ArchiveTestKit kit = new();

    [Fact]
    public async Task BundlesEveryResultUnderItsDownloadNameWithTheMetadata()
    {
        byte[] png = [1, 2, 3], webp = [4, 5], avif = [6];
        var job = await kit.FinishedJobAsync("cups", [("png", png), ("webp", webp), ("avif", avif)], """{"camera_make":"SONY","iso":400}""");

        await kit.Builder().RunAsync(job, CancellationToken.None);

        var stored = await kit.Jobs.FindAsync(job.Id, CancellationToken.None);
        Assert.Equal(BlobKeys.Archive(job.Id), stored!.ArchiveKey);
        using var zip = await OpenArchiveAsync(job.Id);
        Assert.Equal(["pixtools_png_cups.png", "pixtools_webp_cups.webp", "pixtools_avif_cups.avif", "metadata.json"], zip.Entries.Select(e => e.FullName));
        Assert.Equal(png, Read(zip, "pixtools_png_cups.png"));
        Assert.Equal(webp, Read(zip, "pixtools_webp_cups.webp"));
        Assert.Equal(avif, Read(zip, "pixtools_avif_cups.avif"));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"camera_make":"SONY","iso":400}"""), JsonNode.Parse(Read(zip, "metadata.json"))));
        Assert.Contains(kit.Log.Entries, e => e is { Level: LogLevel.Information, EventName: "ArchiveStored" });
    }

    [Fact]
    public async Task BundlesTheResultsOfAFailedJobThatHasSome()
    {
        var job = await kit.FinishedJobAsync("half", [("webp", [9, 9]), ("avif", null)]);
        Assert.Equal(JobStatus.FAILED, job.Status);

        await kit.Builder().RunAsync(job, CancellationToken.None);

        using var zip = await OpenArchiveAsync(job.Id);
        Assert.Equal(["pixtools_webp_half.webp"], zip.Entries.Select(e => e.FullName));
    }

    [Fact]
    public async Task BuildsNothingForAJobWithoutResultFiles()
    {
        var metadataOnly = await kit.FinishedJobAsync("meta", [], """{"iso":100}""");
        var allFailed = await kit.FinishedJobAsync("none", [("png", null)]);
        var store = new FlakyBlobStore(kit.Blobs, failingPuts: 0);

        await kit.Builder(store).RunAsync(metadataOnly, CancellationToken.None);
        await kit.Builder(store).RunAsync(allFailed, CancellationToken.None);

        Assert.Equal(0, store.Puts);
        Assert.Null((await kit.Jobs.FindAsync(metadataOnly.Id, CancellationToken.None))!.ArchiveKey);
        Assert.Null((await kit.Jobs.FindAsync(allFailed.Id, CancellationToken.None))!.ArchiveKey);
    }

    [Fact]
    public async Task RetriesAFailedPutAndStoresTheBundleOnTheNextTry()
    {
        var job = await kit.FinishedJobAsync("retry", [("png", [1])]);
        var store = new FlakyBlobStore(kit.Blobs, failingPuts: 2);
        var failures = ArchiveTestKit.ArchiveFailuresSinceNow();

        await kit.Builder(store, maxAttempts: 3).RunAsync(job, CancellationToken.None);

        Assert.Equal(3, store.Puts);
        Assert.Equal(BlobKeys.Archive(job.Id), (await kit.Jobs.FindAsync(job.Id, CancellationToken.None))!.ArchiveKey);
        Assert.Equal(2, kit.Log.Entries.Count(e => e is { Level: LogLevel.Warning, EventName: "ArchiveRetrying", Exception: IOException }));
        Assert.Equal(0, failures());
    }

    [Fact]
    public async Task GivesUpAfterTheLastTryWithoutFailingTheJobAndLogsAndCountsIt()
    {
        var job = await kit.FinishedJobAsync("broken", [("png", [1]), ("webp", [2])], "{}");
        var store = new FlakyBlobStore(kit.Blobs, failingPuts: int.MaxValue);
        var failures = ArchiveTestKit.ArchiveFailuresSinceNow();

        await kit.Builder(store, maxAttempts: 3).RunAsync(job, CancellationToken.None);

        Assert.Equal(3, store.Puts);
        var stored = await kit.Jobs.FindAsync(job.Id, CancellationToken.None);
        Assert.Equal(JobStatus.COMPLETED, stored!.Status);
        Assert.Null(stored.ArchiveKey);
        Assert.False(await kit.Blobs.ExistsAsync(BlobKeys.Archive(job.Id), CancellationToken.None));
        Assert.Equal(2, kit.Log.Entries.Count(e => e is { Level: LogLevel.Warning, EventName: "ArchiveRetrying" }));
        Assert.Single(kit.Log.Entries, e => e is { Level: LogLevel.Error, EventName: "ArchiveGaveUp", Exception: IOException });
        Assert.Equal(1, failures());
    }

    [Fact]
    public async Task GivesUpWhenAResultBlobIsMissing()
    {
        var job = await kit.FinishedJobAsync("lost", [("png", [1])]);
        await kit.Blobs.DeleteAsync(job.Runs.Single().ResultKey!, CancellationToken.None);

        await kit.Builder(maxAttempts: 2).RunAsync(job, CancellationToken.None);

        Assert.Null((await kit.Jobs.FindAsync(job.Id, CancellationToken.None))!.ArchiveKey);
        Assert.Single(kit.Log.Entries, e => e is { EventName: "ArchiveGaveUp", Exception: BlobNotFoundException });
    }

    [Fact]
    public async Task LetsCancellationOnShutdownThrough()
    {
        var job = await kit.FinishedJobAsync("stop", [("png", [1])]);
        using var shutdown = new CancellationTokenSource();
        await shutdown.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => kit.Builder().RunAsync(job, shutdown.Token));
        Assert.DoesNotContain(kit.Log.Entries, e => e.EventName == "ArchiveGaveUp");
    }

    [Fact]
    public async Task SkipsAJobWhoseBundleIsAlreadyRecorded()
    {
        var job = await kit.FinishedJobAsync("again", [("png", [1])]);
        await kit.Builder().RunAsync(job, CancellationToken.None);
        var store = new FlakyBlobStore(kit.Blobs, failingPuts: 0);

        await kit.Builder(store).RunAsync((await kit.Jobs.FindAsync(job.Id, CancellationToken.None))!, CancellationToken.None);

        Assert.Equal(0, store.Puts);
    }

    [Fact]
    public async Task StoresImagesAsTheyAreAndDeflatesTheMetadata()
    {
        var image = new byte[64 * 1024];
        var job = await kit.FinishedJobAsync("levels", [("png", image)], """{"camera_make":"SONY            ","lens_model":"x"}""");

        await kit.Builder().RunAsync(job, CancellationToken.None);

        using var zip = await OpenArchiveAsync(job.Id);
        // 64 KiB of zeros would deflate to almost nothing: the same size means the image member was stored.
        Assert.Equal(image.Length, zip.GetEntry("pixtools_png_levels.png")!.CompressedLength);
        var metadata = zip.GetEntry("metadata.json")!;
        Assert.True(metadata.CompressedLength < metadata.Length, $"metadata.json {metadata.CompressedLength} of {metadata.Length} bytes");
    }

    private async Task<ZipArchive> OpenArchiveAsync(Guid jobId)
    {
        var bytes = new MemoryStream();
        await using (var stream = await kit.Blobs.OpenReadAsync(BlobKeys.Archive(jobId), CancellationToken.None)) await stream.CopyToAsync(bytes);
        bytes.Position = 0;
        return new ZipArchive(bytes, ZipArchiveMode.Read);
    }

    private static byte[] Read(ZipArchive zip, string name)
    {
        using var entry = zip.GetEntry(name)!.Open();
        using var bytes = new MemoryStream();
        entry.CopyTo(bytes);
        return bytes.ToArray();
    }

    public void Dispose() => kit.Dispose();
}
