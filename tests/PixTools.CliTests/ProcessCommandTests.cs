using System.Text.Json;
using NetVips;
using PixTools.Cli.Files;
using PixTools.CliTests.Support;

namespace PixTools.CliTests;

/// <summary>`pixtools process` end to end: the CLI as a process against a real PixTools server (embedded profile).</summary>
public sealed class ProcessCommandTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Process_NestedFolder_WritesResultsMirroringTheTree_AndASecondRunSkipsEverything()
    {
        using var tree = new TempTree().WithNestedPhotos();

        var first = await CliRun.RunAsync(tree.Root, "process", tree.In, "--to", "webp", "--recursive", "--out", tree.Out, "--server", fixture.Url, "--json");

        Assert.True(first.ExitCode == 0, first.ToString());
        var summary = first.Json;
        Assert.Equal(3, summary.GetProperty("processed").GetInt32());
        Assert.Equal(0, summary.GetProperty("failed").GetInt32());
        foreach (var relative in new[] { "a.webp", "sub/b.webp", "sub/deeper/c.webp" })
        {
            var bytes = File.ReadAllBytes(Path.Combine(tree.Out, relative));
            Assert.Equal("webp", ImageSniffer.Sniff(bytes));
        }
        // rocket-orient6 is stored 640x427 with EXIF orientation 6: the result is turned upright.
        using (var upright = Image.NewFromFile(Path.Combine(tree.Out, "sub/deeper/c.webp")))
        {
            Assert.Equal((427, 640), (upright.Width, upright.Height));
        }
        var bytesOut = summary.GetProperty("results").EnumerateArray().Sum(r => r.GetProperty("bytes_out").GetInt64());
        Assert.Equal(summary.GetProperty("bytes_out").GetInt64(), bytesOut);
        Assert.True(bytesOut > 0 && bytesOut < summary.GetProperty("bytes_in").GetInt64());
        var written = File.GetLastWriteTimeUtc(Path.Combine(tree.Out, "sub/b.webp"));

        var second = await CliRun.RunAsync(tree.Root, "process", tree.In, "--to", "webp", "--recursive", "--out", tree.Out, "--server", fixture.Url, "--json");

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(3, second.Json.GetProperty("skipped").GetInt32());
        Assert.Equal(0, second.Json.GetProperty("processed").GetInt32());
        Assert.Equal(written, File.GetLastWriteTimeUtc(Path.Combine(tree.Out, "sub/b.webp")));
    }

    [Fact]
    public async Task Process_WithNamedOutputs_WritesEachOutputBesideTheOthers_AndASecondRunSkipsThem()
    {
        using var tree = new TempTree().WithNestedPhotos();
        var recipe = Path.Combine(tree.Root, "recipe.json");
        File.WriteAllText(recipe, """
            // a square thumbnail and the photo again in its own format
            [{"name": "thumb", "format": "webp", "resize": {"width": 64, "height": 64, "fit": "cover", "gravity": "smart"}},
             {"name": "full", "format": "same", "quality": "auto"}]
            """);
        var args = new[] { "process", tree.In, "--outputs", recipe, "--recursive", "--out", tree.Out, "--server", fixture.Url, "--json" };

        var first = await CliRun.RunAsync(tree.Root, args);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal((3, 0), (first.Json.GetProperty("processed").GetInt32(), first.Json.GetProperty("failed").GetInt32()));
        // a.png (a PNG: its same output has no quality), sub/b.jpg, sub/deeper/c.jpg.
        foreach (var (relative, format) in new[] { ("a.thumb.webp", "webp"), ("a.full.png", "png"), ("sub/b.thumb.webp", "webp"),
            ("sub/b.full.jpg", "jpg"), ("sub/deeper/c.thumb.webp", "webp"), ("sub/deeper/c.full.jpg", "jpg") })
        {
            var bytes = File.ReadAllBytes(Path.Combine(tree.Out, relative));
            Assert.Equal(format, ImageSniffer.Sniff(bytes));
            if (format == "webp")
            {
                using var thumb = Image.NewFromBuffer(bytes);
                Assert.Equal((64, 64), (thumb.Width, thumb.Height));
            }
        }

        var second = await CliRun.RunAsync(tree.Root, args);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(3, second.Json.GetProperty("skipped").GetInt32());

        // The recipe says everything about each output: --to (or --resize, --quality …) beside it is a usage error.
        var both = await CliRun.RunAsync(tree.Root, [.. args, "--to", "webp"]);
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("give --to inside it instead", both.Stderr);
        // What only the server knows is wrong comes back per file, with its reason.
        var refused = await CliRun.RunAsync(tree.Root, "process", tree.In, "--outputs", """[{"name":"x","format":"gif"}]""", "--out", tree.Out + "-2",
            "--server", fixture.Url, "--json");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("outputs[0].format: must be one of jpg, png, webp, avif, same", refused.Stdout);
    }

    [Fact]
    public async Task Process_ChangedOptionsOrChangedPhoto_RunsThoseAgain()
    {
        using var tree = new TempTree().WithNestedPhotos();
        var args = new[] { "process", tree.In, "--to", "webp", "--recursive", "--out", tree.Out, "--server", fixture.Url, "--json" };
        Assert.Equal(0, (await CliRun.RunAsync(tree.Root, args)).ExitCode);

        tree.AddPhoto("chelsea-exif.png", "a.png");
        var edited = await CliRun.RunAsync(tree.Root, args);
        Assert.Equal((1, 2), (edited.Json.GetProperty("processed").GetInt32(), edited.Json.GetProperty("skipped").GetInt32()));

        var resized = await CliRun.RunAsync(tree.Root, [.. args, "--resize", "200x"]);
        Assert.Equal(3, resized.Json.GetProperty("processed").GetInt32());
        using var small = Image.NewFromFile(Path.Combine(tree.Out, "sub/b.webp"));
        Assert.Equal(200, small.Width);
    }

    [Fact]
    public async Task Process_CorruptFiles_ExitNonZero_AndListEachFailureWithItsReason()
    {
        using var tree = new TempTree();
        tree.AddPhoto("coffee.png", "good.png");
        tree.Add("noise.jpg", Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251)).ToArray());
        // A JPEG's first bytes and then nothing a decoder can use: it gets past the format check.
        var truncated = TestPhotos.Read("storm-exif-lens.jpg")[..600];
        tree.Add("sub/truncated.jpg", truncated);

        var json = await CliRun.RunAsync(tree.Root, "process", tree.In, "--to", "webp", "-r", "--out", tree.Out, "--server", fixture.Url, "--json");

        Assert.True(json.ExitCode == 1, json.ToString());
        var results = json.Json.GetProperty("results").EnumerateArray().ToDictionary(r => r.GetProperty("source").GetString()!);
        Assert.Equal("done", results["good.png"].GetProperty("status").GetString());
        foreach (var bad in new[] { "noise.jpg", "sub/truncated.jpg" })
        {
            Assert.Equal("failed", results[bad].GetProperty("status").GetString());
            Assert.False(string.IsNullOrWhiteSpace(results[bad].GetProperty("reason").GetString()));
            Assert.False(File.Exists(Path.Combine(tree.Out, Path.ChangeExtension(bad, ".webp"))));
        }
        Assert.Contains("not a JPEG, PNG, WebP, AVIF, TIFF, GIF or HEIC", results["noise.jpg"].GetProperty("reason").GetString());

        var table = await CliRun.RunAsync(tree.Root, "process", tree.In, "--to", "webp", "-r", "--out", tree.Out, "--server", fixture.Url);

        Assert.True(table.ExitCode == 1, table.ToString());
        Assert.Contains("Failures", table.Stdout);
        Assert.Contains("noise.jpg", table.Stdout);
        Assert.Contains("truncated.jpg", table.Stdout);
        Assert.Contains("skipped good.png: done in an earlier run", table.Stdout);
    }

    [Fact]
    public async Task Process_FileOverTheServersUploadLimit_FailsWithoutBeingSent_AndTheOthersGoOn()
    {
        using var tree = new TempTree();
        tree.AddPhoto("rocket-orient6.jpg", "small.jpg");
        // A JPEG's bytes padded past the server's 10 MiB (GET /api/capabilities): refused by the client before uploading.
        var huge = new byte[10 * 1024 * 1024 + 500_000];
        TestPhotos.Read("rocket-orient6.jpg").CopyTo(huge, 0);
        tree.Add("huge.jpg", huge);

        var run = await CliRun.RunAsync(tree.Root, "process", tree.In, "--to", "webp", "--out", tree.Out, "--server", fixture.Url, "--json");

        Assert.True(run.ExitCode == 1, run.ToString());
        var results = run.Json.GetProperty("results").EnumerateArray().ToDictionary(r => r.GetProperty("source").GetString()!);
        Assert.Equal("done", results["small.jpg"].GetProperty("status").GetString());
        Assert.Equal("failed", results["huge.jpg"].GetProperty("status").GetString());
        Assert.Equal("the file is 10.5 MB, larger than the server's limit of 10.0 MB for one file; it was not sent", results["huge.jpg"].GetProperty("reason").GetString());
        Assert.False(File.Exists(Path.Combine(tree.Out, "huge.webp")));
    }

    [Fact]
    public async Task Process_JpegsResizedAsJpegs_AreMade_AndTheirOwnFormatWithoutChangesIsSkipped()
    {
        using var tree = new TempTree();
        tree.AddPhoto("storm-exif-lens.jpg", "big.jpg");
        tree.AddPhoto("coffee.png", "c.png");

        var run = await CliRun.RunAsync(tree.Root, "process", tree.In, "--to", "jpg", "--resize", "480x", "--out", tree.Out, "--server", fixture.Url, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(2, run.Json.GetProperty("processed").GetInt32());
        using (var resized = Image.NewFromFile(Path.Combine(tree.Out, "big.jpg")))
        {
            Assert.Equal((480, 320), (resized.Width, resized.Height));
        }
        Assert.True(new FileInfo(Path.Combine(tree.Out, "big.jpg")).Length < TestPhotos.Read("storm-exif-lens.jpg").Length / 4);

        var plain = await CliRun.RunAsync(tree.Root, "process", tree.In, "--to", "jpg", "--out", tree.Out + "-plain", "--server", fixture.Url, "--json");
        var results = plain.Json.GetProperty("results").EnumerateArray().ToDictionary(r => r.GetProperty("source").GetString()!);
        Assert.Equal("skipped", results["big.jpg"].GetProperty("status").GetString());
        Assert.Equal("done", results["c.png"].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Process_BusyServer_WaitsForRetryAfter_AndSendsTheSameIdempotencyKeyAgain()
    {
        using var tree = new TempTree();
        tree.AddPhoto("camera-gray.png", "gray.png");
        await using var proxy = await BusyProxy.StartAsync(fixture.Server.BaseAddress, refusals: 2);

        var run = await CliRun.RunAsync(tree.Root, "process", tree.In, "--to", "jpg", "--out", tree.Out, "--server", proxy.Url, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(2, run.Json.GetProperty("retries").GetInt32());
        var submissions = proxy.Submissions.ToList();
        Assert.Equal([503, 429, 202], submissions.Select(s => s.Status));
        Assert.Contains("The server is busy; sending again in 1 s.", run.Stderr);
        Assert.Contains("The server asks this client to slow down; sending again in 1 s.", run.Stderr);
        Assert.Single(submissions.Select(s => s.Key).Distinct());
        Assert.StartsWith("pixtools-cli-", submissions[0].Key);
        Assert.True(submissions[1].At - submissions[0].At >= TimeSpan.FromSeconds(0.9), "the client did not wait for Retry-After");
        Assert.True(submissions[2].At - submissions[1].At >= TimeSpan.FromSeconds(0.9), "the client did not wait for Retry-After");
        Assert.Equal("jpg", ImageSniffer.Sniff(File.ReadAllBytes(Path.Combine(tree.Out, "gray.jpg"))));
    }

    [Fact]
    public async Task Process_AutoQuality_UsesTheOutputsForm_AndDownloadsTheResult()
    {
        using var tree = new TempTree();
        tree.AddPhoto("coffee.png", "a.png");

        var run = await CliRun.RunAsync(tree.Root, "process", tree.In, "--to", "webp", "--quality", "auto", "--out", tree.Out, "--server", fixture.Url, "--json");

        // The server reads the outputs field: the result comes from `results` and is a real WebP.
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("webp", ImageSniffer.Sniff(File.ReadAllBytes(Path.Combine(tree.Out, "a.webp"))));
    }

    [Fact]
    public async Task Process_AFolderOfTiffGifAndHeic_ConvertsThemAll()
    {
        // What scanners and phones leave in a folder: the server reads them, so a folder run must not pass them by.
        using var tree = new TempTree();
        using var coffee = Image.NewFromBuffer(TestPhotos.Read("coffee.png"));
        tree.Add("scan.tiff", coffee.TiffsaveBuffer());
        tree.Add("sub/clip.gif", coffee.GifsaveBuffer());
        tree.Add("phone.HEIC", HeicFiles.FromPng(TestPhotos.Read("coffee.png")));

        var run = await CliRun.RunAsync(tree.Root, "process", tree.In, "--recursive", "--to", "jpg", "--out", tree.Out, "--server", fixture.Url, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(3, run.Json.GetProperty("processed").GetInt32());
        foreach (var relative in new[] { "scan.jpg", "sub/clip.jpg", "phone.jpg" })
        {
            Assert.Equal("jpg", ImageSniffer.Sniff(File.ReadAllBytes(Path.Combine(tree.Out, relative))));
        }
    }

    [Theory]
    [InlineData(new byte[] { 0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0 }, "tiff")]
    [InlineData(new byte[] { 0x4D, 0x4D, 0x00, 0x2A, 0, 0, 0, 8 }, "tiff")]
    [InlineData(new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61 }, "gif")]
    public void Sniff_KnowsTheReadOnlyInputs(byte[] head, string format) => Assert.Equal(format, ImageSniffer.Sniff(head));

    [Fact]
    public void Sniff_TellsHeicFromAvifByTheBrands()
    {
        static byte[] Ftyp(params string[] brands)
        {
            var box = new List<byte> { 0, 0, 0, (byte)(8 + 4 * (brands.Length + 1)) };
            box.AddRange("ftyp"u8.ToArray());
            box.AddRange(System.Text.Encoding.ASCII.GetBytes(brands[0]));
            box.AddRange(new byte[4]);
            foreach (var brand in brands.Skip(1)) box.AddRange(System.Text.Encoding.ASCII.GetBytes(brand));
            return [.. box];
        }
        Assert.Equal("heic", ImageSniffer.Sniff(Ftyp("heic", "mif1", "heic")));
        Assert.Equal("avif", ImageSniffer.Sniff(Ftyp("avif", "mif1", "miaf")));
        Assert.Equal("avif", ImageSniffer.Sniff(Ftyp("mif1", "avif")));
        Assert.Null(ImageSniffer.Sniff(Ftyp("isom", "mp41")));
        Assert.Equal("image/heic", ImageSniffer.ContentType(null, "IMG_0001.HEIC"));
    }

    [Fact]
    public async Task Process_WithoutAFormat_IsAUsageErrorInAPlainSentence()
    {
        using var tree = new TempTree().WithNestedPhotos();

        var run = await CliRun.RunAsync(tree.Root, "process", tree.In, "--server", fixture.Url);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Say what to make", run.Stderr);
    }

    [Fact]
    public async Task Process_UnreachableServer_EndsWithExitTwoAndSaysSo()
    {
        using var tree = new TempTree();
        tree.AddPhoto("coffee.png", "a.png");

        var run = await CliRun.RunAsync(tree.Root, "process", tree.In, "--to", "webp", "--out", tree.Out, "--server", "http://127.0.0.1:9");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("could not be reached", run.Stderr);
    }
}
