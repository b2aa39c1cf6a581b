using System.Text.RegularExpressions;
using PixTools.BrowserTests.Support;

namespace PixTools.BrowserTests;

/// <summary>Issue 19, the form: settings per output, fit inside by default with each mode explained, drag-and-drop and paste.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PageFormTests(PixToolsServer server)
{
    [Fact]
    public async Task EachFormatHasItsOwnQualityAndResizeAndFitDefaultsToInside()
    {
        var page = await server.NewPageAsync();
        await page.SpyOnSubmitAsync();
        await page.ChoosePhotoAsync("coffee.png");
        await page.Operation("JPG").CheckAsync();
        await page.Operation("AVIF").CheckAsync();

        var jpg = page.GetByRole(AriaRole.Group, new() { Name = "JPG output" });
        var avif = page.GetByRole(AriaRole.Group, new() { Name = "AVIF output" });
        await Expect(jpg.GetByLabel("Fit")).ToHaveValueAsync("inside");
        await Expect(avif.GetByLabel("Fit")).ToHaveValueAsync("inside");
        await Expect(page.Locator("#fit-help")).ToContainTextAsync("Inside");
        foreach (var mode in new[] { "Inside", "Cover", "Contain", "Fill" })
        {
            await Expect(page.Locator("#fit-help dt").Filter(new() { HasTextRegex = new Regex($"^{mode}$") })).ToHaveCountAsync(1);
        }
        await Expect(page.Locator("#fit-help dd")).ToHaveCountAsync(4);

        await jpg.GetByRole(AriaRole.Slider, new() { Name = "JPG quality" }).FillAsync("42");
        await Expect(jpg.Locator("output")).ToHaveTextAsync("42");
        await Expect(avif.Locator("output")).ToHaveTextAsync("default");
        await jpg.GetByLabel("Width (px)").FillAsync("300");
        await jpg.GetByLabel("Height (px)").FillAsync("300");
        await avif.GetByLabel("Width (px)").FillAsync("200");
        await avif.GetByLabel("Height (px)").FillAsync("200");
        await avif.GetByLabel("Fit").SelectOptionAsync("cover");
        await page.GetByRole(AriaRole.Button, new() { Name = "Process" }).ClickAsync();
        await page.ExpectStatusAsync("Completed");

        var sent = await page.EvaluateAsync<string>("() => window.submitted[0].params");
        Assert.Equal("{\"jpg\":{\"quality\":42,\"resize\":{\"width\":300,\"height\":300,\"fit\":\"inside\"}},\"avif\":{\"resize\":{\"width\":200,\"height\":200,\"fit\":\"cover\"}}}", sent);
        var fields = await page.EvaluateAsync<string[]>("() => window.submitted[0].fields");
        Assert.Equal("file", fields[^1]);
        var results = page.GetByRole(AriaRole.List, new() { Name = "Results" });
        // inside keeps 600 × 400 proportions within 300 × 300; cover fills 200 × 200 exactly.
        await Expect(results.Locator("[data-op=jpg] [data-fact=dimensions]")).ToHaveTextAsync("300 × 200 px");
        await Expect(results.Locator("[data-op=avif] [data-fact=dimensions]")).ToHaveTextAsync("200 × 200 px");
    }

    [Fact]
    public async Task AnImageCanBeDroppedOrPasted()
    {
        var page = await server.NewPageAsync();
        var bytes = Convert.ToBase64String(TestPhotos.Read("coffee.png"));
        await page.EvaluateAsync("""
            (b64) => {
              const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
              const data = new DataTransfer();
              data.items.add(new File([bytes], 'dropped.png', { type: 'image/png' }));
              const zone = document.getElementById('dropzone');
              zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
              zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
            }
            """, bytes);
        await Expect(page.Locator("#preview-name")).ToHaveTextAsync("dropped.png");
        await Expect(page.Operation("PNG")).ToBeDisabledAsync();

        await page.EvaluateAsync("""
            (b64) => {
              const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
              const data = new DataTransfer();
              data.items.add(new File([bytes], 'image.png', { type: 'image/png' }));
              document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
            }
            """, bytes);
        await Expect(page.Locator("#preview-name")).ToHaveTextAsync("pasted.png");
        await page.Operation("WebP").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Process" }).ClickAsync();
        await page.ExpectStatusAsync("Completed");
        await Expect(page.Locator("#job-title")).ToHaveTextAsync("pasted.png");
    }
}
