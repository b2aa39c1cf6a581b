using PixTools.CliTests.Support;

namespace PixTools.CliTests;

/// <summary>`pixtools metadata` and `pixtools status` against a real server.</summary>
public sealed class MetadataAndStatusTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Metadata_Json_GivesEachPhotosExifSummary()
    {
        var run = await CliRun.RunAsync(Path.GetTempPath(), "metadata", TestPhotos.PathOf("colorfulcups-exif-gps.jpg"), TestPhotos.PathOf("storm-exif-lens.jpg"), "--server", fixture.Url, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var files = run.Json.EnumerateArray().ToList();
        var cups = files[0].GetProperty("metadata");
        Assert.Equal("SONY", cups.GetProperty("camera_make").GetString());
        Assert.Equal("1/640s", cups.GetProperty("exposure_time").GetString());
        Assert.Equal(56.155995, cups.GetProperty("gps").GetProperty("latitude").GetDouble(), 6);
        Assert.Equal("EF-S18-55mm f/3.5-5.6", files[1].GetProperty("metadata").GetProperty("lens_model").GetString());
    }

    [Fact]
    public async Task Metadata_Table_ShowsTagsAndSaysWhenThereIsNoExif()
    {
        var run = await CliRun.RunAsync(Path.GetTempPath(), "metadata", TestPhotos.PathOf("colorfulcups-exif-gps.jpg"), TestPhotos.PathOf("coffee.png"), "--server", fixture.Url);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("NEX-3N", run.Stdout);
        Assert.Contains("56.155995, 10.208205", run.Stdout);
        Assert.Contains("no EXIF data", run.Stdout);
    }

    [Fact]
    public async Task Status_OfAJobTheCliMade_ShowsItCompletedWithItsResults()
    {
        using var tree = new TempTree();
        tree.AddPhoto("chelsea-exif.png", "cat.png");
        var process = await CliRun.RunAsync(tree.Root, "process", tree.In, "--to", "webp,avif", "--quality", "50", "--out", tree.Out, "--server", fixture.Url, "--json");
        Assert.True(process.ExitCode == 0, process.ToString());
        var jobId = process.Json.GetProperty("results")[0].GetProperty("job_id").GetString()!;

        var json = await CliRun.RunAsync(tree.Root, "status", jobId, "--server", fixture.Url, "--json");
        var table = await CliRun.RunAsync(tree.Root, "status", jobId, "--server", fixture.Url);

        Assert.True(json.ExitCode == 0, json.ToString());
        Assert.Equal("COMPLETED", json.Json.GetProperty("status").GetString());
        Assert.Equal(["avif", "webp"], json.Json.GetProperty("result_urls").EnumerateObject().Select(p => p.Name).Order());
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("COMPLETED", table.Stdout);
        Assert.Contains(jobId, table.Stdout);
    }

    [Fact]
    public async Task Status_OfAnIdNoJobHas_ShowsTheBatchWithThatId()
    {
        await using var proxy = await BusyProxy.StartAsync(fixture.Server.BaseAddress, refusals: 0);
        var batchId = Guid.CreateVersion7().ToString();
        proxy.Batches[batchId] = new { batch_id = batchId, status = "PROCESSING", total = 3, completed = 2, failed = 0 };

        var table = await CliRun.RunAsync(Path.GetTempPath(), "status", batchId, "--server", proxy.Url);
        var json = await CliRun.RunAsync(Path.GetTempPath(), "status", batchId, "--server", proxy.Url, "--json");

        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("batch", table.Stdout);
        Assert.Contains("PROCESSING", table.Stdout);
        Assert.Equal(2, json.Json.GetProperty("completed").GetInt32());
    }

    [Fact]
    public async Task Status_OfAnUnknownId_TriesJobThenBatch_AndExitsOne()
    {
        var run = await CliRun.RunAsync(Path.GetTempPath(), "status", Guid.CreateVersion7().ToString(), "--server", fixture.Url);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("no job or batch", run.Stderr);
    }
}
