using System.Text.RegularExpressions;
using PixTools.BrowserTests.Support;

namespace PixTools.BrowserTests;

/// <summary>Issue 19, the job card: % done, elapsed time, webhook delivery state, partial success, denoise before/after.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PageJobCardTests(PixToolsServer server)
{
    [Fact]
    public async Task TheCardShowsPercentElapsedTimeAndTheWebhooksDelivery()
    {
        var page = await server.NewPageAsync();
        await page.GetByText("Webhook (optional)").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create sandbox inbox" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Use inbox URL" }).ClickAsync();
        await page.ProcessAsync("coffee.png", "WebP", "Metadata");

        await page.ExpectStatusAsync("Completed");
        await Expect(page.Locator("#job-percent")).ToHaveTextAsync("100 % done (2 of 2 outputs)");
        await Expect(page.Locator("#job-elapsed")).ToHaveTextAsync(new Regex(@"^took \d+:\d\d$"));
        var progress = page.GetByRole(AriaRole.List, new() { Name = "Progress per operation" });
        await Expect(progress.Locator("[data-op=webp] [data-fact=percent]")).ToHaveTextAsync("100 %");
        await Expect(progress.Locator("[data-op=webp] .state")).ToHaveTextAsync("Done");
        var webhook = page.Locator("#job-webhook");
        await Expect(webhook).ToHaveTextAsync(new Regex(@"^Webhook delivered \(HTTP 2\d\d"), new() { Timeout = 30_000 });
        await Expect(webhook).ToHaveAttributeAsync("data-state", "delivered");

        // The other states, as the page words them from GET /api/jobs/{id}/webhook-deliveries.
        var failed = await page.EvaluateAsync<string>("""
            async () => (await import('/js/webhook-state.js')).describe(
              [1, 2, 3].map((attempt) => ({ attempt, status_code: 500, outcome: 'http_error' })), 'COMPLETED_WEBHOOK_FAILED').text
            """);
        Assert.Equal("Webhook failed after 3 attempts (last: HTTP 500).", failed);
        var pending = await page.EvaluateAsync<string>("async () => (await import('/js/webhook-state.js')).describe([], 'PROCESSING').text");
        Assert.Equal("Webhook pending: it is sent when the job ends.", pending);
    }

    [Fact]
    public async Task APartialSuccessSaysWhichOutputFailedAndWhyAndKeepsTheRest()
    {
        var page = await server.NewPageAsync();
        var damaged = CraftedImages.PngWithDamagedImageData(TestPhotos.Read("chelsea-exif.png"));
        await page.FileInput().SetInputFilesAsync(new FilePayload { Name = "damaged.png", MimeType = "image/png", Buffer = damaged });
        await page.Operation("WebP").CheckAsync();
        await page.Operation("Metadata").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Process" }).ClickAsync();

        await page.ExpectStatusAsync("Partly done");
        var message = page.Locator("#job-message");
        // The reason alone, as a sentence: the page already names the output, so not "WebP: operation webp failed: …".
        await Expect(message).ToHaveTextAsync(new Regex(@"^1 of 2 outputs failed; the other one is ready below\. WebP: File is not a valid png image: \S.*\.$"));
        await Expect(page.Locator("#progress [data-op=webp] .state")).ToHaveTextAsync(new Regex(@"^Failed: File is not a valid png image: \S.*\.$"));
        await Expect(page.Locator("#progress [data-op=webp]")).ToHaveAttributeAsync("data-state", "failed");
        await Expect(page.Locator("#progress [data-op=metadata]")).ToHaveAttributeAsync("data-state", "succeeded");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Metadata" })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-field=camera_make]")).ToHaveTextAsync("PENTAX Corporation");
    }

    [Fact]
    public async Task DenoiseShowsBeforeAndAfterOverTheSameCropAndTheStrengthChosen()
    {
        var page = await server.NewPageAsync();
        await page.ChoosePhotoAsync("coffee.png");
        var denoise = page.Operation("Denoise");
        if (await denoise.IsDisabledAsync()) return; // this server has no denoise model: nothing to compare (ParameterTests covers the reason shown)
        await denoise.CheckAsync();
        await page.GetByRole(AriaRole.Group, new() { Name = "Denoise output" }).GetByLabel("Width (px)").FillAsync("240");
        await page.GetByRole(AriaRole.Button, new() { Name = "Process" }).ClickAsync();

        await page.ExpectStatusAsync("Completed");
        var compare = page.GetByRole(AriaRole.Region, new() { Name = "Denoise: before and after" });
        await Expect(compare).ToBeVisibleAsync();
        await Expect(compare.GetByRole(AriaRole.Img, new() { Name = "After denoising" })).ToHaveJSPropertyAsync("complete", true);
        // The strength auto chose, when the server reports it (progress.denoise.strength): shown as it came.
        var jobId = (await page.Locator("#job-id").TextContentAsync())!.Replace("Job ", "", StringComparison.Ordinal);
        using var job = System.Text.Json.JsonDocument.Parse(await server.Http.GetStringAsync($"/api/jobs/{jobId}"));
        if (job.RootElement.GetProperty("progress").GetProperty("denoise").TryGetProperty("strength", out var strength))
        {
            await Expect(compare.Locator("[data-fact=strength]")).ToHaveTextAsync($"Strength {strength.GetRawText()} (chosen automatically)");
        }
        else
        {
            await Expect(compare.Locator("[data-fact=strength]")).ToBeHiddenAsync();
        }
        var slider = compare.GetByRole(AriaRole.Slider, new() { Name = "Before/after divider" });
        await slider.FocusAsync();
        await page.Keyboard.PressAsync("ArrowLeft");
        await Expect(page.Locator("#compare-frame")).ToHaveAttributeAsync("style", new Regex("--position: 49%"));
        // Both pictures are laid out in the same box, so the crop is the same.
        var boxes = await page.EvaluateAsync<double[]>("""
            () => ['compare-before', 'compare-after'].flatMap((id) => { const r = document.getElementById(id).getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; })
            """);
        Assert.Equal(boxes[..4], boxes[4..]);
        await Screenshots.SaveAsync(page);
    }
}
