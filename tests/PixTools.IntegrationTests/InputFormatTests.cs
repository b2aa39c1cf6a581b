using System.Net;
using System.Text.Json;
using NetVips;
using PixTools.IntegrationTests.Support;

namespace PixTools.IntegrationTests;

/// <summary>
/// TIFF, GIF, animated WebP and HEIC uploads through real HTTP: each converts; TIFF takes its first page in sRGB 8-bit;
/// an animation keeps its frames and delays as WebP and gives its first frame to other formats; HEIC is decoded by
/// heif-convert (Debian's libheif-examples, installed by scripts/install-test-deps.sh).
/// </summary>
public sealed class InputFormatTests(PixToolsApp app) : IClassFixture<PixToolsApp>
{
    private readonly JobClient client = new(app.CreateClient());

    private static Image Coffee() => Image.NewFromFile(TestPhotos.PathOf("coffee.png"));

    [Fact]
    public async Task A16BitTiffBecomesAn8BitJpeg()
    {
        using var coffee = Coffee();
        using var wide = coffee.Colourspace(Enums.Interpretation.Rgb16);
        var tiff = wide.TiffsaveBuffer(compression: Enums.ForeignTiffCompression.Deflate);
        var (jpg, _) = await ConvertAsync(tiff, "image/tiff", "jpg");
        using var result = Image.NewFromBuffer(jpg);
        Assert.Equal((600, 400, Enums.BandFormat.Uchar), (result.Width, result.Height, result.Format));
        Assert.InRange(Math.Abs(result.Avg() - coffee.Avg()), 0, 3);
    }

    [Fact]
    public async Task AFloatTiffIsReadAsLinearLightAndEncodedToSrgb()
    {
        // 0.2 of full intensity in linear light is sRGB 0.484, 124 of 255 (docs/api.md, Inputs: TIFF).
        using var flat = (Image.Black(16, 16, bands: 3) + 0.2).Cast(Enums.BandFormat.Float);
        using var linear = flat.Copy(interpretation: Enums.Interpretation.Scrgb);
        var (png, _) = await ConvertAsync(linear.TiffsaveBuffer(), "image/tiff", "png");
        using var result = Image.NewFromBuffer(png);
        Assert.Equal((16, 16, Enums.BandFormat.Uchar), (result.Width, result.Height, result.Format));
        Assert.InRange(result.Avg(), 123, 125);
    }

    [Fact]
    public async Task ACmykTiffIsConvertedToSrgb()
    {
        using var coffee = Coffee();
        using var cmyk = coffee.IccExport(outputProfile: "cmyk");
        Assert.Equal(Enums.Interpretation.Cmyk, cmyk.Interpretation);
        var (png, _) = await ConvertAsync(cmyk.TiffsaveBuffer(), "image/tiff", "png");
        using var result = Image.NewFromBuffer(png);
        Assert.Equal(3, result.Bands);
        // Colour-managed, not the CMYK numbers read as RGB: each channel's mean stays near the original's.
        for (var band = 0; band < 3; band++)
        {
            using var got = result.ExtractBand(band);
            using var want = coffee.ExtractBand(band);
            Assert.InRange(Math.Abs(got.Avg() - want.Avg()), 0, 20);
        }
    }

    [Fact]
    public async Task AMultipageTiffGivesItsFirstPage()
    {
        using var coffee = Coffee();
        using var black = Image.Black(600, 400, bands: 3);
        using var pages = Image.Arrayjoin([coffee, black], across: 1).Mutate(m => m.Set(GValue.GIntType, "page-height", 400));
        var (webp, _) = await ConvertAsync(pages.TiffsaveBuffer(), "image/tiff", "webp");
        using var result = Image.NewFromBuffer(webp);
        Assert.Equal((600, 400), (result.Width, result.Height));
        Assert.InRange(Math.Abs(result.Avg() - coffee.Avg()), 0, 5);
    }

    [Fact]
    public async Task AnAnimatedGifKeepsEveryFrameAndDelayAsWebpAndGivesItsFirstFrameToJpeg()
    {
        var gif = Animation(i => i.GifsaveBuffer());
        var (webp, job) = await ConvertAsync(gif, "image/gif", "webp", "jpg");
        using (var animated = Image.NewFromBuffer(webp, "n=-1"))
        {
            Assert.Equal(3, (int)animated.Get("n-pages"));
            Assert.Equal([100, 200, 300], (int[])animated.Get("delay"));
            Assert.Equal(64, (int)animated.Get("page-height"));
            Assert.Equal(64 * 3, animated.Height);
        }
        var jpg = await DownloadAsync(job, "jpg");
        using var first = Image.NewFromBuffer(jpg);
        Assert.Equal((64, 64), (first.Width, first.Height));
        Assert.InRange(first.ExtractBand(0).Avg(), 200, 255); // the red first frame
        Assert.InRange(first.ExtractBand(2).Avg(), 0, 60);
    }

    [Fact]
    public async Task AnAnimatedGifResizedAndCroppedStaysAnAnimation()
    {
        var gif = Animation(i => i.GifsaveBuffer());
        var (webp, _) = await ConvertAsync(gif, "image/gif", "webp", operationParams: "{\"webp\":{\"resize\":{\"width\":32,\"height\":16,\"fit\":\"cover\"}}}");
        using var animated = Image.NewFromBuffer(webp, "n=-1");
        Assert.Equal(3, (int)animated.Get("n-pages"));
        Assert.Equal((32, 16), (animated.Width, (int)animated.Get("page-height")));
        Assert.Equal([100, 200, 300], (int[])animated.Get("delay"));
    }

    [Theory]
    [InlineData(64)]
    [InlineData(700)]
    public async Task AnAnimationWrittenAsWebpAtAutoQualityKeepsItsFrames(int side)
    {
        // 64 px frames are probed whole (every frame scored against its own); 700 px frames through the probe mosaic.
        var gif = Animation(i => i.GifsaveBuffer(), side);
        var form = JobClient.Form(gif, "loop.gif", "image/gif", null);
        form.Add(new StringContent("""[{"name":"loop","format":"webp","quality":"auto"},{"name":"still","format":"avif","quality":"auto:eco"}]"""), "outputs");
        using var response = await client.PostAsync(form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body);
        var job = await client.WaitForTerminalAsync(JsonDocument.Parse(body).RootElement.GetProperty("job_id").GetGuid());
        Assert.True(job.GetProperty("status").GetString() == "COMPLETED", job.ToString());
        var loop = job.GetProperty("results").GetProperty("loop");
        Assert.InRange(loop.GetProperty("quality").GetInt32(), 1, 100);
        using var animated = Image.NewFromBuffer(await client.Http.GetByteArrayAsync(loop.GetProperty("url").GetString()), "n=-1");
        Assert.Equal(3, (int)animated.Get("n-pages"));
        Assert.Equal([100, 200, 300], (int[])animated.Get("delay"));
        Assert.Equal(side, job.GetProperty("results").GetProperty("still").GetProperty("height").GetInt32());
    }

    [Fact]
    public async Task AnAnimatedWebpGivesItsFirstFrameToPng()
    {
        var webp = Animation(i => i.WebpsaveBuffer(lossless: true));
        var (png, _) = await ConvertAsync(webp, "image/webp", "png");
        using var first = Image.NewFromBuffer(png);
        Assert.Equal((64, 64), (first.Width, first.Height));
        Assert.InRange(first.ExtractBand(0).Avg(), 200, 255);
    }

    [Fact]
    public async Task AHeicFromAPhoneBecomesAJpegTheRightWayUp()
    {
        // The portrait photo's pixels turned upright (what an iPhone stores, with its rotation applied by libheif).
        using var rocket = Image.NewFromFile(TestPhotos.PathOf("rocket-orient6.jpg"));
        using var upright = rocket.Autorot();
        var heic = HeicFiles.FromPng(upright.PngsaveBuffer());
        var (jpg, _) = await ConvertAsync(heic, "image/heic", "jpg");
        using var result = Image.NewFromBuffer(jpg);
        Assert.Equal((upright.Width, upright.Height), (result.Width, result.Height));
        Assert.True(result.Height > result.Width, "the portrait photo came out landscape");
        Assert.False(result.Contains("orientation") && (int)result.Get("orientation") != 1);
    }

    [Fact]
    public async Task AHeicOfSeveralPicturesWithAProfileLibpngRefusesGivesItsPrimaryPicture()
    {
        // Three top-level pictures, the primary one carrying the old sRGB profile libpng will not write: the job failed
        // with an exception's text, and every picture of a file was decoded where only the primary is used.
        var heic = HeicFiles.FromPngs(TestPhotos.Read("chelsea-exif.png"), TestPhotos.Read("coffee.png"), TestPhotos.Read("camera-gray.png"));
        var (jpg, _) = await ConvertAsync(heic, "image/heic", "jpg");
        using var result = Image.NewFromBuffer(jpg);
        Assert.Equal((451, 300), (result.Width, result.Height));
    }

    [Theory]
    [InlineData("application/octet-stream")]
    [InlineData("binary/octet-stream")]
    [InlineData(null)]
    public async Task AnUploadWithoutAnImageTypeIsReadByItsBytes(string? contentType)
    {
        // What curl -F file=@photo.tiff sends: it knows no type for .tiff, .webp, .avif or .heic.
        using var coffee = Coffee();
        var (png, _) = await ConvertAsync(coffee.TiffsaveBuffer(), contentType!, "png");
        using var result = Image.NewFromBuffer(png);
        Assert.Equal((600, 400), (result.Width, result.Height));
    }

    [Fact]
    public async Task AnUntypedUploadThatIsNoImageIsStillRefused()
    {
        using var response = await client.PostAsync(JobClient.Form("plain text, not a photo"u8.ToArray(), "notes.bin", "application/octet-stream", "[\"webp\"]"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not a JPEG, PNG, WebP, AVIF, TIFF, GIF or HEIC image", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tiff", "TIFF")]
    [InlineData("gif", "GIF")]
    public async Task SameOfAFormatThisServerDoesNotWriteIsRefusedPlainly(string input, string shown)
    {
        using var coffee = Coffee();
        var bytes = input == "tiff" ? coffee.TiffsaveBuffer() : coffee.GifsaveBuffer();
        var form = JobClient.Form(bytes, "scan." + input, "image/" + input, null);
        form.Add(new StringContent("""[{"name":"small","format":"webp"},{"name":"copy","format":"same"}]"""), "outputs");
        using var response = await client.PostAsync(form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains($"outputs[1].format: same would write this file's own format, {shown}, which this server reads but does not write; choose jpg, png, webp or avif", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CapabilitiesListTheInputsThisServerReads()
    {
        using var response = await client.Http.GetAsync("/api/capabilities");
        var inputs = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("inputs")
            .EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(["jpeg", "png", "webp", "avif", "tiff", "gif", "heic"], inputs);
    }

    /// <summary>Three square frames (64 px unless <paramref name="side"/>), red, green, blue, shown 100, 200 and 300 ms.</summary>
    internal static byte[] Animation(Func<Image, byte[]> save, int side = 64)
    {
        using var noise = Image.Gaussnoise(side, side, sigma: 20, mean: 0);
        using var red = (Image.Black(side, side).NewFromImage(230, 20, 20) + noise).Cast(Enums.BandFormat.Uchar);
        using var green = (Image.Black(side, side).NewFromImage(20, 230, 20) + noise).Cast(Enums.BandFormat.Uchar);
        using var blue = (Image.Black(side, side).NewFromImage(20, 20, 230) + noise).Cast(Enums.BandFormat.Uchar);
        using var strip = Image.Arrayjoin([red, green, blue], across: 1).Cast(Enums.BandFormat.Uchar)
            .Copy(interpretation: Enums.Interpretation.Srgb)
            .Mutate(m =>
            {
                m.Set(GValue.GIntType, "page-height", side);
                m.Set(GValue.ArrayIntType, "delay", new[] { 100, 200, 300 });
                m.Set(GValue.GIntType, "loop", 0);
            });
        return save(strip);
    }

    private async Task<(byte[] First, JsonElement Job)> ConvertAsync(byte[] file, string contentType, string target, string? second = null, string? operationParams = null)
    {
        var operations = second is null ? $"[\"{target}\"]" : $"[\"{target}\",\"{second}\"]";
        using var response = await client.PostAsync(JobClient.Form(file, "upload", contentType, operations, operationParams));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body);
        var job = await client.WaitForTerminalAsync(JsonDocument.Parse(body).RootElement.GetProperty("job_id").GetGuid());
        Assert.True(job.GetProperty("status").GetString() == "COMPLETED", job.ToString());
        return (await DownloadAsync(job, target), job);
    }

    private async Task<byte[]> DownloadAsync(JsonElement job, string operation) =>
        await client.Http.GetByteArrayAsync(job.GetProperty("result_urls").GetProperty(operation).GetString());
}

/// <summary>
/// The pixel limit counts an animation's frames only when an output decodes them all: a WebP output keeps every frame,
/// so three frames over the limit together are refused for it, while a JPEG (the first frame alone) is made; the frame
/// limit (Limits:MaxFrames) likewise.
/// </summary>
public sealed class AnimationPixelLimitTests(AnimationPixelLimitTests.SmallLimitApp app) : IClassFixture<AnimationPixelLimitTests.SmallLimitApp>
{
    public sealed class SmallLimitApp : PixToolsApp
    {
        protected override IEnumerable<(string Key, string Value)> Settings => [("Limits:MaxPixels", "20000"), ("Limits:MaxFrames", "2")];
    }

    private readonly JobClient client = new(app.CreateClient());

    [Theory]
    // 3 frames of 10,000 pixels: 30,000 in all, over the pixel limit of 20,000.
    [InlineData(100, "jpg", "This animation has 3 frames of 100 × 100 pixels, 30,000 pixels in all, and a WebP output keeps every frame; the limit is 20,000 pixels. Ask for another format to get its first frame alone.")]
    // 3 frames of 100 pixels: within the pixel limit, over the frame limit of 2.
    [InlineData(10, "png", "This animation has 3 frames, and a WebP output keeps every frame; the limit is 2 frames. Ask for another format to get its first frame alone.")]
    public async Task CountsEveryFrameOnlyForAnOutputThatKeepsThem(int side, string firstFrameFormat, string refusal)
    {
        var gif = InputFormatTests.Animation(i => i.GifsaveBuffer(), side);

        using var webp = await client.PostAsync(JobClient.Form(gif, "clip.gif", "image/gif", "[\"webp\"]"));
        await SubmitValidationTests.AssertProblemAsync(webp, 422, refusal);

        using var firstFrame = await client.PostAsync(JobClient.Form(gif, "clip.gif", "image/gif", $"[\"{firstFrameFormat}\"]"));
        var body = await firstFrame.Content.ReadAsStringAsync();
        Assert.True(firstFrame.StatusCode == HttpStatusCode.Accepted, body);
        var job = await client.WaitForTerminalAsync(JsonDocument.Parse(body).RootElement.GetProperty("job_id").GetGuid());
        Assert.True(job.GetProperty("status").GetString() == "COMPLETED", job.ToString());
    }
}

/// <summary>A server whose HEIC decoder is missing: HEIC is refused with 415 naming why, and is not among its inputs.</summary>
public sealed class MissingHeicDecoderTests
{
    [Fact]
    public async Task RefusesHeicWith415AndLeavesItOutOfTheCapabilities()
    {
        var data = Path.Combine(Path.GetTempPath(), "pixtools-noheic-" + Guid.NewGuid().ToString("N"));
        using var server = await PixToolsProcess.StartAsync(data, new Dictionary<string, string> { ["PIXTOOLS_IMAGING__HEIFCONVERTPATH"] = "/nonexistent/heif-convert" });
        using var http = server.CreateClient();
        var client = new JobClient(http);
        using var rocket = Image.NewFromFile(TestPhotos.PathOf("rocket-orient6.jpg"));
        var heic = HeicFiles.FromPng(rocket.PngsaveBuffer());

        using var response = await client.PostAsync(JobClient.Form(heic, "photo.heic", "image/heic", "[\"jpg\"]"));
        await SubmitValidationTests.AssertProblemAsync(response, 415, "HEVC decoder");

        using var capabilities = await http.GetAsync("/api/capabilities");
        var inputs = JsonDocument.Parse(await capabilities.Content.ReadAsStringAsync()).RootElement.GetProperty("inputs")
            .EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.DoesNotContain("heic", inputs);
        Assert.Contains("tiff", inputs);
        try { Directory.Delete(data, recursive: true); } catch (IOException) { }
    }
}
