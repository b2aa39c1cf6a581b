using System.Text;
using System.Text.RegularExpressions;
using PixTools.BrowserTests.Support;

namespace PixTools.BrowserTests;

/// <summary>Issue 19, errors: one plain sentence, once, no status code or setting name, and a new upload clears the old result.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PageErrorTests(PixToolsServer server)
{
    [Fact]
    public async Task AServerRefusalIsOnePlainSentenceAndTheOldResultIsGone()
    {
        var page = await server.NewPageAsync();
        await page.ProcessAsync("coffee.png", "WebP");
        await page.ExpectStatusAsync("Completed");

        await page.FileInput().SetInputFilesAsync(new FilePayload { Name = "fake.png", MimeType = "image/png", Buffer = Encoding.UTF8.GetBytes("this is not a PNG at all") });
        await page.Operation("WebP").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Process" }).ClickAsync();

        var alert = page.Locator("#form-error");
        await Expect(alert).ToHaveTextAsync("File bytes are not a JPEG, PNG, WebP, AVIF, TIFF, GIF or HEIC image.");
        await Expect(page.Locator("#job")).ToBeHiddenAsync();
        await Expect(page.GetByText("File bytes are not a JPEG")).ToHaveCountAsync(1);
        await Expect(page.Locator("body")).Not.ToContainTextAsync(new Regex(@"\(\d{3}\)|Limits:|Storage:"));
    }

    [Theory]
    [InlineData(24_000, 18_000, "This image is 24,000 × 18,000 pixels; the limit is 100 megapixels.", "MaxPixels")]
    // 70,000 x 2: 0.14 MP, within the pixel limit; its side is not.
    [InlineData(70_000, 2, "This image is 70,000 × 2 pixels; a side may be at most 65,535 pixels.", "MaxSide")]
    public async Task AnImageOverASizeLimitIsRefusedInOnePlainSentence(int width, int height, string refusal, string setting)
    {
        var page = await server.NewPageAsync();
        await page.ChoosePhotoAsync("coffee.png");
        await page.Operation("WebP").CheckAsync();
        await page.FileInput().SetInputFilesAsync(new FilePayload { Name = "huge.png", MimeType = "image/png", Buffer = CraftedImages.PngBomb(width, height) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Process" }).ClickAsync();

        // Said by the page when its preview could measure the image, else by the server: the same sentence, once.
        var sentence = page.GetByText(refusal, new() { Exact = true });
        await Expect(sentence).ToHaveCountAsync(1);
        await Expect(page.Locator("body")).Not.ToContainTextAsync(setting);
    }

    [Fact]
    public async Task ABadWebhookUrlIsRefusedBeforeTheUpload()
    {
        var page = await server.NewPageAsync();
        var uploads = 0;
        page.Request += (_, request) => { if (request.Url.EndsWith("/api/process", StringComparison.Ordinal)) uploads++; };
        await page.ChoosePhotoAsync("coffee.png");
        await page.Operation("WebP").CheckAsync();
        await page.GetByText("Webhook (optional)").ClickAsync();

        foreach (var (url, says) in new[]
        {
            ("ftp://example.com/hook", "The webhook URL must be a full address starting with http:// or https://"),
            ("example.com/hook", "The webhook URL must be a full address starting with http:// or https://"),
            ("http://192.168.1.10/hook", "The webhook URL points to a private or local address"),
        })
        {
            await page.GetByLabel("Webhook URL").FillAsync(url);
            await page.GetByRole(AriaRole.Button, new() { Name = "Process" }).ClickAsync();
            await Expect(page.Locator("#form-error")).ToHaveTextAsync(new Regex("^" + Regex.Escape(says)));
            await Expect(page.GetByLabel("Webhook URL")).ToBeFocusedAsync();
            await Expect(page.GetByLabel("Webhook URL")).ToHaveAttributeAsync("aria-invalid", "true");
        }
        Assert.Equal(0, uploads);
    }
}
