using System.Net.Http.Json;
using PixTools.BrowserTests.Support;

namespace PixTools.BrowserTests;

/// <summary>The product plan's "Dynamic UI" check: parameters appear and disappear with the selected operations.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ParameterTests(PixToolsServer server)
{
    [Fact]
    public async Task ParametersAppearAndDisappearWithTheSelection()
    {
        var page = await server.NewPageAsync();
        var quality = page.GetByRole(AriaRole.Slider, new() { Name = "Quality" });
        var width = page.GetByLabel("Width (px)");
        var fit = page.GetByLabel("Fit");
        await page.ChoosePhotoAsync("coffee.png");

        await Expect(quality).ToBeHiddenAsync();
        await Expect(width).ToBeHiddenAsync();

        await Expect(page.Operation("PNG")).ToBeDisabledAsync();
        await page.Operation("Metadata").CheckAsync();
        await Expect(quality).ToBeHiddenAsync();
        await Expect(width).ToBeHiddenAsync();

        await page.Operation("WebP").CheckAsync();
        await Expect(quality).ToBeVisibleAsync();
        await Expect(width).ToBeVisibleAsync();
        await Expect(fit).ToBeVisibleAsync();
        await quality.FillAsync("42");
        await Expect(page.Locator("output[for=quality]")).ToHaveTextAsync("42");

        await page.Operation("WebP").UncheckAsync();
        await Expect(quality).ToBeHiddenAsync();
        await Expect(width).ToBeHiddenAsync();

        // PNG has no quality but can be resized: a JPEG source makes the PNG box available.
        await page.ChoosePhotoAsync("storm-exif-lens.jpg");
        await page.Operation("PNG").CheckAsync();
        await Expect(width).ToBeVisibleAsync();
        await Expect(quality).ToBeHiddenAsync();
        await page.Operation("AVIF").CheckAsync();
        await Expect(quality).ToBeVisibleAsync();

        await Screenshots.SaveAsync(page);
    }

    [Fact]
    public async Task ConversionToTheFilesOwnFormatIsDisabledAndSaysWhy()
    {
        var page = await server.NewPageAsync();
        await page.ChoosePhotoAsync("storm-exif-lens.jpg");

        var jpg = page.Operation("JPG");
        await Expect(jpg).ToBeDisabledAsync();
        await Expect(page.Locator("label[data-op=jpg]")).ToHaveAttributeAsync("title", "The file is already JPG");
        await Expect(jpg).ToHaveAccessibleDescriptionAsync("The file is already JPG");
        await Expect(page.Operation("PNG")).ToBeEnabledAsync();

        await page.ChoosePhotoAsync("coffee.png");
        await Expect(jpg).ToBeEnabledAsync();
        await Expect(page.Operation("PNG")).ToBeDisabledAsync();

        // Denoise is shown either way: disabled with the reason when this server cannot run it.
        var capabilities = await server.Http.GetFromJsonAsync<Capabilities>("/api/capabilities");
        var denoise = page.Operation("Denoise");
        if (capabilities!.Operations.Contains("denoise"))
        {
            await denoise.CheckAsync();
            await Expect(page.GetByRole(AriaRole.Slider, new() { Name = "Denoise strength" })).ToBeVisibleAsync();
        }
        else
        {
            await Expect(denoise).ToBeDisabledAsync();
            await Expect(denoise).ToHaveAccessibleDescriptionAsync("Not available on this server");
        }

        await Screenshots.SaveAsync(page);
    }

    private sealed record Capabilities(string[] Operations);
}
