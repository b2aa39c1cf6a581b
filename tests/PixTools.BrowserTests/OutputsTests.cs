using System.Net.Http.Json;
using System.Text.Json;
using PixTools.BrowserTests.Support;

namespace PixTools.BrowserTests;

/// <summary>
/// The page's outputs editor (issue 18): a three-output job built by hand — a smart-cropped WebP thumbnail, the JPEG
/// recompressed at an automatic quality, a full-size PNG — and the results it shows.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class OutputsTests(PixToolsServer server)
{
    [Fact]
    public async Task BuildsAThreeOutputJobAndShowsEachResult()
    {
        var page = await server.NewPageAsync();
        await page.ChoosePhotoAsync("storm-exif-lens.jpg");
        var add = page.GetByRole(AriaRole.Button, new() { Name = "Add an output" });
        var outputs = page.Locator("#outputs-list > li");

        await add.ClickAsync();
        var thumb = outputs.Nth(0);
        // The name box looks like the fields beside it (it was an unstyled, smaller browser default).
        const string Look = "el => { const s = getComputedStyle(el); return [s.height, s.borderRadius, s.borderTopWidth, s.paddingLeft, s.fontSize].join(' '); }";
        Assert.Equal(await thumb.GetByLabel("Width (px)").EvaluateAsync<string>(Look), await thumb.GetByLabel("Name").EvaluateAsync<string>(Look));
        await thumb.GetByLabel("Name").FillAsync("thumb");
        await thumb.GetByLabel("Format").SelectOptionAsync("webp");
        await thumb.GetByLabel("Width (px)").FillAsync("320");
        await thumb.GetByLabel("Height (px)").FillAsync("320");
        await Expect(thumb.GetByLabel("Crop keeps")).ToBeHiddenAsync();
        await thumb.GetByLabel("Fit").SelectOptionAsync("cover");
        await thumb.GetByLabel("Crop keeps").SelectOptionAsync("smart");

        await add.ClickAsync();
        var recompressed = outputs.Nth(1);
        await recompressed.GetByLabel("Name").FillAsync("small");
        await recompressed.GetByLabel("Format").SelectOptionAsync("same");
        await recompressed.GetByLabel("Quality", new() { Exact = true }).SelectOptionAsync("auto:good");

        await add.ClickAsync();
        var full = outputs.Nth(2);
        await full.GetByLabel("Name").FillAsync("full");
        await full.GetByLabel("Format").SelectOptionAsync("png");
        await Expect(full.GetByLabel("Quality", new() { Exact = true })).ToBeDisabledAsync();

        // A fourth, removed again: the job has three outputs.
        await add.ClickAsync();
        await outputs.Nth(3).GetByRole(AriaRole.Button, new() { Name = "Remove output" }).ClickAsync();
        await Expect(outputs).ToHaveCountAsync(3);

        await page.GetByRole(AriaRole.Button, new() { Name = "Process" }).ClickAsync();

        await page.ExpectStatusAsync("Completed");
        var results = page.GetByRole(AriaRole.List, new() { Name = "Results" });
        await Expect(results.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(3);
        await Expect(results.Locator("[data-op=thumb] [data-fact=dimensions]")).ToHaveTextAsync("320 × 320 px");
        await Expect(results.Locator("[data-op=thumb] [data-fact=format]")).ToHaveTextAsync("WebP");
        await Expect(results.Locator("[data-op=small] [data-fact=dimensions]")).ToHaveTextAsync("1920 × 1280 px");
        await Expect(results.Locator("[data-op=small] [data-fact=quality]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^quality \d+$"));
        await Expect(results.Locator("[data-op=full] [data-fact=format]")).ToHaveTextAsync("PNG");
        await Expect(results.Locator("[data-op=full] [data-fact=quality]")).ToHaveCountAsync(0);
        await Screenshots.SaveAsync(page);

        var download = await page.RunAndWaitForDownloadAsync(() => results.Locator("[data-op=thumb]").GetByRole(AriaRole.Link).ClickAsync());
        Assert.Equal("pixtools_thumb_storm-exif-lens.webp", download.SuggestedFilename);

        // What the page showed is what the job says: the automatic quality is the one the server used.
        var jobId = (await page.Locator("#job-id").TextContentAsync())!.Replace("Job ", "");
        var job = await server.Http.GetFromJsonAsync<JsonElement>(new Uri(server.BaseAddress, $"/api/jobs/{jobId}"));
        var quality = job.GetProperty("results").GetProperty("small").GetProperty("quality").GetInt32();
        await Expect(results.Locator("[data-op=small] [data-fact=quality]")).ToHaveTextAsync($"quality {quality}");
        Assert.Equal("jpg", job.GetProperty("results").GetProperty("small").GetProperty("format").GetString());
        Assert.Equal(["full", "small", "thumb"], job.GetProperty("result_urls").EnumerateObject().Select(p => p.Name).Order());
    }

    /// <summary>coffee.png is 600×400: with "Never enlarge" a 1200 px output keeps its size, without it the picture is scaled up.</summary>
    [Fact]
    public async Task NeverEnlargeKeepsASmallPictureAtItsSize()
    {
        var page = await server.NewPageAsync();
        await page.ChoosePhotoAsync("coffee.png");
        var add = page.GetByRole(AriaRole.Button, new() { Name = "Add an output" });
        var outputs = page.Locator("#outputs-list > li");
        foreach (var (name, enlarge) in new[] { ("kept", false), ("scaled", true) })
        {
            await add.ClickAsync();
            var row = outputs.Last;
            await row.GetByLabel("Name").FillAsync(name);
            await row.GetByLabel("Format").SelectOptionAsync("webp");
            await row.GetByLabel("Width (px)").FillAsync("1200");
            if (!enlarge) await row.GetByLabel("Never enlarge").CheckAsync();
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "Process" }).ClickAsync();

        await page.ExpectStatusAsync("Completed");
        var results = page.GetByRole(AriaRole.List, new() { Name = "Results" });
        await Expect(results.Locator("[data-op=kept] [data-fact=dimensions]")).ToHaveTextAsync("600 × 400 px");
        await Expect(results.Locator("[data-op=scaled] [data-fact=dimensions]")).ToHaveTextAsync("1200 × 800 px");
    }

    [Fact]
    public async Task SameAsAGifFileIsRefusedInTheEditorWithAPlainSentence()
    {
        var page = await server.NewPageAsync();
        using (var coffee = NetVips.Image.NewFromFile(TestPhotos.PathOf("coffee.png")))
        {
            await page.FileInput().SetInputFilesAsync(new FilePayload { Name = "clip.gif", MimeType = "image/gif", Buffer = coffee.GifsaveBuffer() });
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "Add an output" }).ClickAsync();
        var output = page.Locator("#outputs-list > li").Nth(0);
        await output.GetByLabel("Format").SelectOptionAsync("same");

        await page.GetByRole(AriaRole.Button, new() { Name = "Process" }).ClickAsync();

        await Expect(page.Locator("#form-error")).ToHaveTextAsync(
            "Output 1: \"Same as the file\" would write GIF, which this server reads but does not write; choose WebP, JPG, PNG or AVIF.");
        await output.GetByLabel("Format").SelectOptionAsync("webp");
        await page.GetByRole(AriaRole.Button, new() { Name = "Process" }).ClickAsync();
        await page.ExpectStatusAsync("Completed");
    }
}
