// Over 250 lines: the one set of recipe scenarios that both profiles run, kept in one place so they cannot drift.
using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using NetVips;

namespace PixTools.IntegrationTests.Support;

/// <summary>
/// The <c>outputs</c> wire format end to end (API.md "Outputs"), run on both profiles by its subclasses: every key,
/// every refusal, results and the ZIP, shared denoise, kept metadata.
/// </summary>
public abstract class RecipeTestsBase
{
    protected abstract JobClient Client { get; }

    protected virtual TimeSpan JobTimeout => TimeSpan.FromSeconds(120);

    public static TheoryData<string, string, string> Refusals => new()
    {
        // outputs field, operations field ("" = none), words the detail must contain
        { "[]", "", "outputs must hold 1 to 10 outputs, got 0" },
        { "{\"name\":\"a\"}", "", "outputs must be a JSON array" },
        { "[{\"format\":\"png\"}]", "", "outputs[0].name: is required" },
        { "[{\"name\":\"A b\",\"format\":\"png\"}]", "", "outputs[0].name: must match" },
        { "[{\"name\":\"a\",\"format\":\"png\"},{\"name\":\"a\",\"format\":\"jpg\"}]", "", "outputs[1].name: must be unique" },
        { "[{\"name\":\"a\",\"format\":\"tiff\"}]", "", "outputs[0].format: must be one of jpg, png, webp, avif, same" },
        { "[{\"name\":\"a\",\"format\":\"png\",\"colour\":1}]", "", "outputs[0].colour: is not a known key" },
        { "[{\"name\":\"a\",\"format\":\"png\"},{\"name\":\"b\",\"format\":\"jpg\",\"quality\":0}]", "", "outputs[1].quality: must be an integer 1..100" },
        { "[{\"name\":\"a\",\"format\":\"jpg\",\"quality\":\"auto:max\"}]", "", "outputs[0].quality: must be an integer 1..100, \"auto\"" },
        { "[{\"name\":\"a\",\"format\":\"png\",\"quality\":50}]", "", "outputs[0].quality: is not accepted by png" },
        { "[{\"name\":\"a\",\"format\":\"webp\",\"resize\":{\"width\":99999}}]", "", "outputs[0].resize.width: must be at most" },
        { "[{\"name\":\"a\",\"format\":\"webp\",\"resize\":{\"width\":9,\"height\":9,\"fit\":\"cover\",\"gravity\":\"up\"}}]", "", "outputs[0].resize.gravity: must be one of center, smart" },
        { "[{\"name\":\"a\",\"format\":\"webp\",\"resize\":{\"width\":9,\"height\":9,\"fit\":\"inside\",\"gravity\":\"smart\"}}]", "", "outputs[0].resize.gravity: applies only to fit cover" },
        { "[{\"name\":\"a\",\"format\":\"webp\",\"resize\":{\"width\":9,\"enlarge\":\"no\"}}]", "", "outputs[0].resize.enlarge: must be true or false, got \"no\"" },
        { "[{\"name\":\"a\",\"format\":\"webp\",\"denoise\":{\"strength\":99}}]", "", "outputs[0].denoise.strength: must be \"auto\" or a number 0..75" },
        { "[{\"name\":\"a\",\"format\":\"webp\",\"denoise\":\"yes\"}]", "", "outputs[0].denoise: must be true or" },
        { "[{\"name\":\"a\",\"format\":\"webp\",\"keep_metadata\":[\"exif\"]}]", "", "outputs[0].keep_metadata: may hold only" },
        { "[{\"name\":\"a\",\"format\":\"jpg\",\"lossless\":true}]", "", "outputs[0].lossless: true is accepted by webp and avif only" },
        { "[{\"name\":\"a\",\"format\":\"webp\",\"lossless\":true,\"quality\":90}]", "", "outputs[0].quality: cannot be given with lossless true" },
        { "[{\"name\":\"a\",\"format\":\"webp\",\"effort\":12}]", "", "outputs[0].effort: must be an integer 0..9" },
        { "[{\"name\":\"a\",\"format\":\"webp\"}]", "[\"webp\"]", "operations may hold only \"metadata\" when outputs is given" },
        { "[{\"name\":\"metadata\",\"format\":\"webp\"}]", "[\"metadata\"]", "outputs[0].name: \"metadata\" is the metadata operation's name" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task RefusesEveryBrokenRuleWith422BeforeStoringAnything(string outputs, string operations, string detail)
    {
        using var response = await Client.PostAsync(Form(TestPhotos.Read("coffee.png"), "coffee.png", "image/png", outputs, operations.Length == 0 ? null : operations));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"expected 422, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(detail, JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString()!);
        Assert.False(response.Headers.Contains("Location"));
    }

    [Fact]
    public async Task ThreeOutputsFromOneJpegWithMetadataResultsAndZip()
    {
        var jobId = await SubmitAsync("storm-exif-lens.jpg", """
            [{"name":"thumb","format":"webp","resize":{"width":320,"height":320,"fit":"cover","gravity":"smart"}},
             {"name":"smaller","format":"same","quality":50},
             {"name":"full","format":"png","effort":1}]
            """, "[\"metadata\"]");
        var job = await WaitAsync(jobId);

        Assert.Equal(["full", "smaller", "thumb"], job.GetProperty("result_urls").EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("Canon", job.GetProperty("metadata").GetProperty("camera_make").GetString());
        var results = job.GetProperty("results");
        var thumb = await AssertResultAsync(results, "thumb", "webp", 320, 320, "pixtools_thumb_storm-exif-lens.webp");
        Assert.Equal(80, thumb.GetProperty("quality").GetInt32()); // the WebP default, as used
        var smaller = await AssertResultAsync(results, "smaller", "jpg", 1920, 1280, "pixtools_smaller_storm-exif-lens.jpg");
        Assert.Equal(50, smaller.GetProperty("quality").GetInt32());
        Assert.True(smaller.GetProperty("bytes").GetInt64() < TestPhotos.Read("storm-exif-lens.jpg").Length, "a recompressed JPEG is smaller than the upload");
        var full = await AssertResultAsync(results, "full", "png", 1920, 1280, "pixtools_full_storm-exif-lens.png");
        Assert.False(full.TryGetProperty("quality", out _));
        Assert.False(full.TryGetProperty("strength", out _));

        var archived = await Client.WaitForArchiveAsync(jobId);
        using var zipResponse = await Client.Http.GetAsync(archived.GetProperty("archive_url").GetString());
        using var zip = new ZipArchive(new MemoryStream(await zipResponse.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        Assert.Equal(["metadata.json", "pixtools_full_storm-exif-lens.png", "pixtools_smaller_storm-exif-lens.jpg", "pixtools_thumb_storm-exif-lens.webp"],
            zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SmartGravityKeepsAnotherPartThanTheCentreAndEdgesKeepTheirEdge()
    {
        var jobId = await SubmitAsync("storm-exif-lens.jpg", """
            [{"name":"centre","format":"png","resize":{"width":200,"height":400,"fit":"cover"}},
             {"name":"west","format":"png","resize":{"width":200,"height":400,"fit":"cover","gravity":"west"}},
             {"name":"east","format":"png","resize":{"width":200,"height":400,"fit":"cover","gravity":"east"}},
             {"name":"smart","format":"png","resize":{"width":200,"height":400,"fit":"cover","gravity":"smart"}}]
            """);
        var results = (await WaitAsync(jobId)).GetProperty("results");
        var images = new Dictionary<string, Image>();
        foreach (var name in new[] { "centre", "west", "east", "smart" })
        {
            images[name] = Image.NewFromBuffer(await DownloadAsync(results.GetProperty(name).GetProperty("url").GetString()!));
            Assert.Equal((200, 400), (images[name].Width, images[name].Height));
        }
        // The scaled picture is 600 x 400: west is its left third, east its right third, centre the middle.
        using var scaled = Image.NewFromBuffer(TestPhotos.Read("storm-exif-lens.jpg")).ThumbnailImage(600, height: 400);
        Assert.True(Difference(images["west"], scaled.ExtractArea(0, 0, 200, 400)) < 3);
        Assert.True(Difference(images["east"], scaled.ExtractArea(400, 0, 200, 400)) < 3);
        Assert.True(Difference(images["centre"], images["west"]) > 5);
        foreach (var image in images.Values) image.Dispose();
    }

    [Fact]
    public async Task DenoiseIsSharedPerStrengthAndFeedsAJpeg()
    {
        var jobId = await SubmitAsync("chelsea-exif.png", """
            [{"name":"clean","format":"jpg","quality":85,"denoise":{"strength":10}},
             {"name":"clean_thumb","format":"webp","denoise":{"strength":10},"resize":{"width":120}},
             {"name":"auto","format":"png","denoise":true,"resize":{"width":200}},
             {"name":"plain","format":"jpg"}]
            """);
        var results = (await WaitAsync(jobId)).GetProperty("results");

        var clean = await AssertResultAsync(results, "clean", "jpg", 451, 300, "pixtools_clean_chelsea-exif.jpg");
        Assert.Equal(10, clean.GetProperty("strength").GetDouble());
        Assert.Equal(85, clean.GetProperty("quality").GetInt32());
        var thumb = await AssertResultAsync(results, "clean_thumb", "webp", 120, 80, "pixtools_clean_thumb_chelsea-exif.webp");
        Assert.Equal(10, thumb.GetProperty("strength").GetDouble());
        var auto = await AssertResultAsync(results, "auto", "png", 200, 133, "pixtools_auto_chelsea-exif.png");
        Assert.InRange(auto.GetProperty("strength").GetDouble(), 0, 75);
        var plain = await AssertResultAsync(results, "plain", "jpg", 451, 300, "pixtools_plain_chelsea-exif.jpg");
        Assert.False(plain.TryGetProperty("strength", out _));

        // Denoised is not the same picture as not denoised.
        using var cleanImage = Image.NewFromBuffer(await DownloadAsync(clean.GetProperty("url").GetString()!));
        using var plainImage = Image.NewFromBuffer(await DownloadAsync(plain.GetProperty("url").GetString()!));
        Assert.True(Difference(cleanImage, plainImage) > 0.3);
    }

    [Fact]
    public async Task LosslessWebpAndAvifAndEffortWork()
    {
        var jobId = await SubmitAsync("camera-gray.png", """
            [{"name":"webp_lossless","format":"webp","lossless":true,"effort":2},
             {"name":"avif_lossless","format":"avif","lossless":true,"effort":0,"resize":{"width":128}},
             {"name":"png_fast","format":"png","effort":0},
             {"name":"png_small","format":"png","effort":9}]
            """);
        var results = (await WaitAsync(jobId)).GetProperty("results");
        using var source = Image.NewFromBuffer(TestPhotos.Read("camera-gray.png"));
        using var webp = Image.NewFromBuffer(await DownloadAsync(results.GetProperty("webp_lossless").GetProperty("url").GetString()!));
        Assert.Equal(0, (webp.ExtractBand(0) - source.ExtractBand(0)).Abs().Max());
        Assert.False(results.GetProperty("webp_lossless").TryGetProperty("quality", out _));
        await AssertResultAsync(results, "avif_lossless", "avif", 128, 128, "pixtools_avif_lossless_camera-gray.avif");
        Assert.True(results.GetProperty("png_small").GetProperty("bytes").GetInt64() < results.GetProperty("png_fast").GetProperty("bytes").GetInt64());
    }

    /// <summary>coffee is 600×400: without enlarging, a recipe for larger pictures leaves it at its size or shrinks the box.</summary>
    [Fact]
    public async Task EnlargeFalseNeverScalesASmallPictureUp()
    {
        var jobId = await SubmitAsync("coffee.png", """
            [{"name":"wide","format":"webp","resize":{"width":1920,"enlarge":false}},
             {"name":"square","format":"jpg","resize":{"width":800,"height":800,"fit":"cover","enlarge":false}},
             {"name":"boxed","format":"png","resize":{"width":800,"height":800,"fit":"contain","enlarge":false}},
             {"name":"small","format":"webp","resize":{"width":300,"enlarge":false}},
             {"name":"big","format":"webp","resize":{"width":1200}}]
            """);
        var results = (await WaitAsync(jobId)).GetProperty("results");
        await AssertResultAsync(results, "wide", "webp", 600, 400, "pixtools_wide_coffee.webp");
        await AssertResultAsync(results, "square", "jpg", 400, 400, "pixtools_square_coffee.jpg");
        await AssertResultAsync(results, "boxed", "png", 800, 800, "pixtools_boxed_coffee.png");
        await AssertResultAsync(results, "small", "webp", 300, 200, "pixtools_small_coffee.webp");
        await AssertResultAsync(results, "big", "webp", 1200, 800, "pixtools_big_coffee.webp");
    }

    [Fact]
    public async Task AutoQualityWorksOnAPixelAStripAndATinyThumbnail()
    {
        using var pixel = Image.Black(1, 1).NewFromImage(51, 102, 153);
        var jobId = await SubmitBytesAsync(pixel.PngsaveBuffer(), "dot.png", "image/png", """
            [{"name":"dot","format":"jpg","quality":"auto"},{"name":"dot_webp","format":"webp","quality":"auto:best"}]
            """);
        var results = (await WaitAsync(jobId)).GetProperty("results");
        Assert.InRange(results.GetProperty("dot").GetProperty("quality").GetInt32(), 1, 100);

        jobId = await SubmitAsync("coffee.png", """
            [{"name":"strip","format":"avif","quality":"auto:eco","resize":{"width":600,"height":3}},
             {"name":"icon","format":"webp","quality":"auto","resize":{"width":6,"height":6,"fit":"cover","gravity":"smart"}}]
            """);
        results = (await WaitAsync(jobId)).GetProperty("results");
        await AssertResultAsync(results, "strip", "avif", 600, 3, "pixtools_strip_coffee.avif");
        await AssertResultAsync(results, "icon", "webp", 6, 6, "pixtools_icon_coffee.webp");
    }

    [Fact]
    public async Task KeepMetadataCopyrightAndGpsOnlyWhenNamedAndIccWithoutConversion()
    {
        var tagged = TaggedJpeg();
        var jobId = await SubmitBytesAsync(tagged, "tagged.jpg", "image/jpeg", """
            [{"name":"none","format":"jpg","resize":{"width":200}},
             {"name":"rights","format":"webp","resize":{"width":200},"keep_metadata":["copyright"]},
             {"name":"where","format":"jpg","resize":{"width":200},"keep_metadata":["gps","copyright"]}]
            """);
        var results = (await WaitAsync(jobId)).GetProperty("results");
        using var none = Image.NewFromBuffer(await DownloadAsync(results.GetProperty("none").GetProperty("url").GetString()!));
        using var rights = Image.NewFromBuffer(await DownloadAsync(results.GetProperty("rights").GetProperty("url").GetString()!));
        using var where = Image.NewFromBuffer(await DownloadAsync(results.GetProperty("where").GetProperty("url").GetString()!));
        Assert.False(none.Contains("exif-data"));
        Assert.StartsWith("Ada Lovelace", (string)rights.Get("exif-ifd0-Artist"));
        Assert.StartsWith("(c) 2026 Ada", (string)rights.Get("exif-ifd0-Copyright"));
        Assert.False(rights.Contains("exif-ifd3-GPSLatitude"));
        Assert.False(rights.Contains("exif-ifd0-Make"));
        Assert.True(where.Contains("exif-ifd3-GPSLatitude"));
        Assert.StartsWith("Ada Lovelace", (string)where.Get("exif-ifd0-Artist"));

        using var coffee = Image.NewFromBuffer(TestPhotos.Read("coffee.png"));
        using var p3 = coffee.IccTransform("p3", intent: Enums.Intent.Relative);
        var profile = (byte[])p3.Get("icc-profile-data");
        var iccJob = await SubmitBytesAsync(p3.PngsaveBuffer(), "wide.png", "image/png", """
            [{"name":"kept","format":"png","keep_metadata":["icc"]},{"name":"converted","format":"png"}]
            """);
        var iccResults = (await WaitAsync(iccJob)).GetProperty("results");
        using var kept = Image.NewFromBuffer(await DownloadAsync(iccResults.GetProperty("kept").GetProperty("url").GetString()!));
        using var converted = Image.NewFromBuffer(await DownloadAsync(iccResults.GetProperty("converted").GetProperty("url").GetString()!));
        Assert.Equal(profile, (byte[])kept.Get("icc-profile-data"));
        Assert.Equal(0, (kept - p3).Abs().Max());
        Assert.False(converted.Contains("icc-profile-data"));

        // Denoised outputs sharing one denoise: the one keeping the profile has it, the other is converted to sRGB.
        var denoisedJob = await SubmitBytesAsync(p3.PngsaveBuffer(), "wide.png", "image/png", """
            [{"name":"kept","format":"jpg","quality":95,"denoise":{"strength":5},"keep_metadata":["icc"]},
             {"name":"converted","format":"png","denoise":{"strength":5}}]
            """);
        var denoisedResults = (await WaitAsync(denoisedJob)).GetProperty("results");
        using var denoisedKept = Image.NewFromBuffer(await DownloadAsync(denoisedResults.GetProperty("kept").GetProperty("url").GetString()!));
        using var denoisedConverted = Image.NewFromBuffer(await DownloadAsync(denoisedResults.GetProperty("converted").GetProperty("url").GetString()!));
        Assert.Equal(profile, (byte[])denoisedKept.Get("icc-profile-data"));
        Assert.False(denoisedConverted.Contains("icc-profile-data"));
        // Both show the same colours once the kept one is converted for display.
        using var shown = denoisedKept.IccTransform("srgb", embedded: true);
        Assert.True((shown - denoisedConverted).Abs().Avg() < 3, $"mean difference {(shown - denoisedConverted).Abs().Avg()}");
    }

    [Fact]
    public async Task TheOldFormIsTheSameAsOutputsNamedAfterEachOperation()
    {
        var old = await Client.SubmitAsync("coffee.png", "[\"webp\",\"jpg\"]", "{\"webp\":{\"quality\":60,\"resize\":{\"width\":300}}}");
        var recipe = await SubmitAsync("coffee.png", """[{"name":"webp","format":"webp","quality":60,"resize":{"width":300}},{"name":"jpg","format":"jpg"}]""");
        var oldResults = (await WaitAsync(old)).GetProperty("results");
        var newResults = (await WaitAsync(recipe)).GetProperty("results");
        foreach (var name in new[] { "webp", "jpg" })
        {
            var a = await DownloadAsync(oldResults.GetProperty(name).GetProperty("url").GetString()!);
            var b = await DownloadAsync(newResults.GetProperty(name).GetProperty("url").GetString()!);
            Assert.Equal(a, b);
            Assert.Equal(oldResults.GetProperty(name).GetProperty("quality").GetInt32(), newResults.GetProperty(name).GetProperty("quality").GetInt32());
        }
    }

    [Fact]
    public async Task AnAvifOutputOverTheAv1LimitIsRefusedAtUploadWhenItsSizeIsThePictures()
    {
        // 9000 x 4000 = 36 MP, past 8192 x 4352; one colour, so the PNG is a few KiB.
        using var flat = Image.Black(9000, 4000, bands: 3).NewFromImage(20, 120, 130).Cast(Enums.BandFormat.Uchar);
        var png = flat.PngsaveBuffer();
        using var recipe = await Client.PostAsync(Form(png, "flat.png", "image/png", """
            [{"name":"big","format":"avif"},{"name":"small","format":"avif","resize":{"width":2000}}]
            """));
        await SubmitValidationTests.AssertProblemAsync(recipe, 422,
            "big: an AVIF picture may be at most 35.7 megapixels on this server, and this one is 9,000 × 4,000 pixels.");
        Assert.False(recipe.Headers.Contains("Location"));
        using var oldForm = await Client.PostAsync(JobClient.Form(png, "flat.png", "image/png", "[\"avif\"]"));
        await SubmitValidationTests.AssertProblemAsync(oldForm, 422, "avif: an AVIF picture may be at most 35.7 megapixels");
    }

    [Fact]
    public async Task AResizeThatWouldMakeGigapixelsOfASmallStripIsRefusedAtUploadNamingTheOutput()
    {
        // 20,000 x 60 (1.2 MP, a few KiB as PNG): a height of 8,000 would scale it to 2,666,667 x 8,000 = 21 gigapixels.
        using var strip = Image.Black(20_000, 60, bands: 3).NewFromImage(90, 140, 200).Cast(Enums.BandFormat.Uchar);
        var png = strip.PngsaveBuffer();
        using var tall = await Client.PostAsync(Form(png, "strip.png", "image/png", """
            [{"name":"thumb","format":"jpg","resize":{"width":400}},{"name":"tall","format":"png","resize":{"height":8000}}]
            """));
        await SubmitValidationTests.AssertProblemAsync(tall, 422,
            "tall: the resize asked for would make this 20,000 × 60 picture 2,666,667 × 8,000 pixels, and the limit is 100 megapixels.");
        Assert.False(tall.Headers.Contains("Location"));
        // A cover crop counts the picture it scales before cropping; the old form's denoise too.
        using var cover = await Client.PostAsync(Form(png, "strip.png", "image/png", """
            [{"name":"crop","format":"webp","resize":{"width":100,"height":8000,"fit":"cover"}}]
            """));
        await SubmitValidationTests.AssertProblemAsync(cover, 422, "crop: the resize asked for would make this 20,000 × 60 picture 2,666,667 × 8,000 pixels");
        using var denoise = await Client.PostAsync(JobClient.Form(png, "strip.png", "image/png", "[\"denoise\"]", "{\"denoise\":{\"resize\":{\"height\":8000}}}"));
        await SubmitValidationTests.AssertProblemAsync(denoise, 422, "denoise: the resize asked for would make this 20,000 × 60 picture");

        // The same strip within the limits is made: fit inside keeps both sides in the box.
        var jobId = await SubmitBytesAsync(png, "strip.png", "image/png", """
            [{"name":"inside","format":"png","resize":{"width":8000,"height":8000,"fit":"inside"}},{"name":"whole","format":"jpg"}]
            """);
        var job = await Client.WaitForTerminalAsync(jobId, JobTimeout);
        Assert.Equal("COMPLETED", job.GetProperty("status").GetString());
        await AssertResultAsync(job.GetProperty("results"), "inside", "png", 8000, 24, "pixtools_inside_strip.png");
        await AssertResultAsync(job.GetProperty("results"), "whole", "jpg", 20_000, 60, "pixtools_whole_strip.jpg");
    }

    [Fact]
    public async Task AWebpOrAvifWiderThanTheFormatHoldsIsRefusedAtUploadInsteadOfFailingLater()
    {
        // A panorama 20,000 wide: WebP holds 16,383 pixels a side, AVIF 16,384 here; JPEG and PNG hold it.
        using var strip = Image.Black(20_000, 60, bands: 3).NewFromImage(90, 140, 200).Cast(Enums.BandFormat.Uchar);
        var png = strip.PngsaveBuffer();
        using var webp = await Client.PostAsync(Form(png, "pano.png", "image/png", """[{"name":"pano","format":"webp"}]"""));
        await SubmitValidationTests.AssertProblemAsync(webp, 422,
            "pano: a WebP picture can be at most 16,383 pixels wide or high, and this one would be 20,000 × 60. Give it a resize, or ask for JPEG or PNG.");
        using var avif = await Client.PostAsync(JobClient.Form(png, "pano.png", "image/png", "[\"avif\"]"));
        await SubmitValidationTests.AssertProblemAsync(avif, 422, "avif: an AVIF picture can be at most 16,384 pixels wide or high");

        // Stored 60 x 20,000 with EXIF orientation 6, the picture is shown 20,000 wide: the size is planned on that.
        using var turned = strip.Rot90().Mutate(m => m.Set(GValue.GIntType, "orientation", 6));
        var jpeg = turned.JpegsaveBuffer();
        using var tall = await Client.PostAsync(Form(jpeg, "turned.jpg", "image/jpeg", """[{"name":"tall","format":"png","resize":{"height":8000}}]"""));
        await SubmitValidationTests.AssertProblemAsync(tall, 422, "tall: the resize asked for would make this 20,000 × 60 picture 2,666,667 × 8,000 pixels");
        var jobId = await SubmitBytesAsync(jpeg, "turned.jpg", "image/jpeg", """[{"name":"wide","format":"png","resize":{"width":8000}}]""");
        var job = await Client.WaitForTerminalAsync(jobId, JobTimeout);
        Assert.Equal("COMPLETED", job.GetProperty("status").GetString());
        await AssertResultAsync(job.GetProperty("results"), "wide", "png", 8000, 24, "pixtools_wide_turned.png");
    }

    [Fact]
    public async Task AnAnimatedPngIsReadAsItsFirstFrameEvenForWebp()
    {
        // Four solid frames; libvips reads an APNG's default image only (docs/api.md, Inputs).
        var apng = File.ReadAllBytes(Path.Combine(RepositoryPaths.Root, "tests", "testdata", "inputs", "four-colours.apng.png"));
        var jobId = await SubmitBytesAsync(apng, "sticker.png", "image/png", """[{"name":"w","format":"webp","lossless":true},{"name":"j","format":"jpg"}]""");
        var job = await Client.WaitForTerminalAsync(jobId, JobTimeout);

        Assert.Equal("COMPLETED", job.GetProperty("status").GetString());
        var webp = await AssertResultAsync(job.GetProperty("results"), "w", "webp", 32, 24, "pixtools_w_sticker.webp");
        using var frame = Image.NewFromBuffer(await DownloadAsync(webp.GetProperty("url").GetString()!));
        Assert.False(frame.Contains("n-pages") && (int)frame.Get("n-pages") > 1);
        Assert.Equal([0.0, 100.0, 200.0], Enumerable.Range(0, 3).Select(b => Math.Round(frame[b].Avg())));
    }

    [Fact]
    public async Task AnAvifOutputResizedPastTheAv1LimitFailsAloneWithAPlainReasonAndTheOthersAreMade()
    {
        // 3000 x 2000 asked for 8000 wide: 8000 x 5333 = 42.7 MP, which only the worker knows once it plans the size.
        using var flat = Image.Black(3000, 2000, bands: 3).NewFromImage(20, 120, 130).Cast(Enums.BandFormat.Uchar);
        var jobId = await SubmitBytesAsync(flat.PngsaveBuffer(), "flat.png", "image/png", """
            [{"name":"big","format":"avif","resize":{"width":8000}},
             {"name":"small","format":"avif","resize":{"width":2000}},
             {"name":"thumb","format":"png","resize":{"width":90}}]
            """);
        var job = await Client.WaitForTerminalAsync(jobId, JobTimeout);

        Assert.Equal("FAILED", job.GetProperty("status").GetString());
        var reason = job.GetProperty("progress").GetProperty("big").GetProperty("error").GetString()!;
        Assert.Contains("An AVIF picture may be at most 35.7 megapixels on this server, and this one would be 8,000 × 5,333 pixels.", reason);
        var results = job.GetProperty("results");
        Assert.False(results.TryGetProperty("big", out _));
        await AssertResultAsync(results, "small", "avif", 2000, 1333, "pixtools_small_flat.avif");
        await AssertResultAsync(results, "thumb", "png", 90, 60, "pixtools_thumb_flat.png");
    }

    [Fact]
    public async Task APalettePngSentBackAsSameStaysAPalettePngAndAJpegAtAutoBestIsNoLargerThanTheUpload()
    {
        using var photo = Image.NewFromBuffer(TestPhotos.Read("coffee.png"));
        var palette = photo.PngsaveBuffer(palette: true, q: 60, dither: 0);
        var pngJob = await SubmitBytesAsync(palette, "palette.png", "image/png", """[{"name":"again","format":"same"}]""");
        var again = await AssertResultAsync((await WaitAsync(pngJob)).GetProperty("results"), "again", "png", 600, 400, "pixtools_again_palette.png");
        var written = await DownloadAsync(again.GetProperty("url").GetString()!);
        Assert.Equal(3, written[25]); // indexed colour
        Assert.True(written.Length <= palette.Length * 1.05, $"{written.Length} bytes from a palette PNG of {palette.Length}");

        var jpeg = photo.JpegsaveBuffer(q: 60);
        var jpegJob = await SubmitBytesAsync(jpeg, "web.jpg", "image/jpeg", """
            [{"name":"best","format":"same","quality":"auto:best"},{"name":"fixed","format":"jpg","quality":95}]
            """);
        var results = (await WaitAsync(jpegJob)).GetProperty("results");
        var best = await AssertResultAsync(results, "best", "jpg", 600, 400, "pixtools_best_web.jpg");
        Assert.True(best.GetProperty("bytes").GetInt64() <= jpeg.Length, $"auto:best wrote {best.GetProperty("bytes").GetInt64()} bytes from an upload of {jpeg.Length}");
        Assert.InRange(best.GetProperty("quality").GetInt32(), 10, 89);
        // A quality given as a number is used as given, larger or not.
        Assert.Equal(95, results.GetProperty("fixed").GetProperty("quality").GetInt32());
        Assert.True(results.GetProperty("fixed").GetProperty("bytes").GetInt64() > jpeg.Length);
    }

    // ---- helpers ----

    protected static MultipartFormDataContent Form(byte[] file, string fileName, string contentType, string outputs, string? operations = null)
    {
        var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        form.Add(part, "file", fileName);
        form.Add(new StringContent(outputs), "outputs");
        if (operations is not null) form.Add(new StringContent(operations), "operations");
        return form;
    }

    protected Task<Guid> SubmitAsync(string photo, string outputs, string? operations = null) =>
        SubmitBytesAsync(TestPhotos.Read(photo), photo, photo.EndsWith(".png", StringComparison.Ordinal) ? "image/png" : "image/jpeg", outputs, operations);

    protected async Task<Guid> SubmitBytesAsync(byte[] bytes, string fileName, string contentType, string outputs, string? operations = null)
    {
        using var response = await Client.PostAsync(Form(bytes, fileName, contentType, outputs, operations));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"expected 202, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("job_id").GetGuid();
    }

    protected async Task<JsonElement> WaitAsync(Guid jobId)
    {
        var job = await Client.WaitForTerminalAsync(jobId, JobTimeout);
        Assert.True(job.GetProperty("status").GetString() == "COMPLETED", job.ToString());
        return job;
    }

    protected async Task<byte[]> DownloadAsync(string url)
    {
        using var response = await Client.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private async Task<JsonElement> AssertResultAsync(JsonElement results, string name, string format, int width, int height, string fileName)
    {
        var result = results.GetProperty(name);
        Assert.Equal(format, result.GetProperty("format").GetString());
        Assert.Equal((width, height), (result.GetProperty("width").GetInt32(), result.GetProperty("height").GetInt32()));
        using var response = await Client.Http.GetAsync(result.GetProperty("url").GetString());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(fileName, response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(result.GetProperty("bytes").GetInt64(), bytes.Length);
        using var image = Image.NewFromBuffer(bytes);
        Assert.Equal((width, height), (image.Width, image.Height));
        Assert.StartsWith(format switch { "jpg" => "jpegload", "avif" => "heifload", _ => format + "load" }, (string)image.Get("vips-loader"));
        return result;
    }

    private static double Difference(Image a, Image b)
    {
        using var grey = (a.Colourspace(Enums.Interpretation.Bw).Cast(Enums.BandFormat.Float) - b.Colourspace(Enums.Interpretation.Bw).Cast(Enums.BandFormat.Float)).Abs();
        return grey.Avg();
    }

    /// <summary>colorfulcups (EXIF with GPS) with Artist and Copyright written by exiftool (Debian libimage-exiftool-perl).</summary>
    private static byte[] TaggedJpeg()
    {
        var file = Path.Combine(Path.GetTempPath(), $"pixtools-tagged-{Guid.NewGuid():N}.jpg");
        File.Copy(TestPhotos.PathOf("colorfulcups-exif-gps.jpg"), file);
        try
        {
            using var exiftool = Process.Start(new ProcessStartInfo("exiftool", ["-overwrite_original", "-Artist=Ada Lovelace", "-Copyright=(c) 2026 Ada Lovelace", file])
            { RedirectStandardOutput = true, RedirectStandardError = true })!;
            exiftool.WaitForExit(60_000);
            Assert.True(exiftool.ExitCode == 0, $"exiftool failed: {exiftool.StandardError.ReadToEnd()}");
            return File.ReadAllBytes(file);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
