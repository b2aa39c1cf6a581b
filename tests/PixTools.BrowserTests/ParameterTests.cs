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
        var webp = page.GetByRole(AriaRole.Group, new() { Name = "WebP output" });
        var quality = webp.GetByRole(AriaRole.Slider, new() { Name = "WebP quality" });
        var width = webp.GetByLabel("Width (px)");
        var fit = webp.GetByLabel("Fit");
        await page.ChoosePhotoAsync("coffee.png");

        await Expect(webp).ToBeHiddenAsync();
        await Expect(page.Operation("PNG")).ToBeDisabledAsync();
        await page.Operation("Metadata").CheckAsync();
        await Expect(webp).ToBeHiddenAsync();
        await Expect(page.Locator("#fit-help")).ToBeHiddenAsync();

        await page.Operation("WebP").CheckAsync();
        await Expect(quality).ToBeVisibleAsync();
        await Expect(width).ToBeVisibleAsync();
        await Expect(fit).ToBeVisibleAsync();
        await Expect(page.Locator("#fit-help")).ToBeVisibleAsync();
        await quality.FillAsync("42");
        await Expect(page.Locator("output[for=quality-webp]")).ToHaveTextAsync("42");

        await page.Operation("WebP").UncheckAsync();
        await Expect(webp).ToBeHiddenAsync();

        // PNG has no quality but can be resized: a JPEG source makes the PNG box available.
        await page.ChoosePhotoAsync("storm-exif-lens.jpg");
        await page.Operation("PNG").CheckAsync();
        var png = page.GetByRole(AriaRole.Group, new() { Name = "PNG output" });
        await Expect(png.GetByLabel("Width (px)")).ToBeVisibleAsync();
        await Expect(png.GetByRole(AriaRole.Slider)).ToHaveCountAsync(0);
        await page.Operation("AVIF").CheckAsync();
        await Expect(page.GetByRole(AriaRole.Slider, new() { Name = "AVIF quality" })).ToBeVisibleAsync();

        await Screenshots.SaveAsync(page);
    }

    [Fact]
    public async Task AnUntouchedQualitySliderLeavesEachFormatTheServersDefault()
    {
        var page = await server.NewPageAsync();
        await page.ChoosePhotoAsync("coffee.png");
        await page.Operation("JPG").CheckAsync();
        await page.Operation("AVIF").CheckAsync();
        var jpgValue = page.Locator("output[for=quality-jpg]");
        var process = page.GetByRole(AriaRole.Button, new() { Name = "Process" });
        await page.SpyOnSubmitAsync();
        async Task<string> SubmittedParamsAsync()
        {
            await Expect(process).ToBeEnabledAsync();
            await page.EvaluateAsync("() => { window.submitted = []; }");
            await process.ClickAsync();
            await page.WaitForFunctionAsync("() => window.submitted.length > 0");
            return await page.EvaluateAsync<string>("() => window.submitted[0].params");
        }

        await Expect(jpgValue).ToHaveTextAsync("default");
        await Expect(page.Locator("#quality-hint-jpg")).ToContainTextAsync("JPG gets this server's default (80)");
        await Expect(page.Locator("#quality-hint-avif")).ToContainTextAsync("AVIF gets this server's default (60)");
        Assert.Equal("", await SubmittedParamsAsync());

        await page.GetByRole(AriaRole.Slider, new() { Name = "JPG quality" }).FillAsync("42");
        await Expect(jpgValue).ToHaveTextAsync("42");
        Assert.Equal("{\"jpg\":{\"quality\":42}}", await SubmittedParamsAsync());

        await page.GetByRole(AriaRole.Group, new() { Name = "JPG output" }).GetByRole(AriaRole.Button, new() { Name = "Use the default" }).ClickAsync();
        await Expect(jpgValue).ToHaveTextAsync("default");
        await Expect(page.GetByRole(AriaRole.Slider, new() { Name = "JPG quality" })).ToHaveValueAsync("80");
        Assert.Equal("", await SubmittedParamsAsync());
        await Screenshots.SaveAsync(page);
    }

    [Fact]
    public async Task ConversionToTheFilesOwnFormatIsDisabledAndSaysWhy()
    {
        var page = await server.NewPageAsync();
        await page.ChoosePhotoAsync("storm-exif-lens.jpg");

        var jpg = page.Operation("JPG");
        await Expect(jpg).ToBeDisabledAsync();
        await Expect(page.Locator("label[data-op=jpg]")).ToHaveAttributeAsync("title", "Already JPG: to recompress it, add a named output below");
        await Expect(jpg).ToHaveAccessibleDescriptionAsync("Already JPG: to recompress it, add a named output below");
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

    [Fact]
    public async Task AMisnamedFileIsTakenForWhatItsBytesAre()
    {
        var page = await server.NewPageAsync();
        // A JPEG saved as .png (a messaging app, a renamed download): the browser calls it image/png.
        await page.FileInput().SetInputFilesAsync(new FilePayload { Name = "holiday.png", MimeType = "image/png", Buffer = TestPhotos.Read("rocket-orient6.jpg") });

        await Expect(page.Locator("#preview-details")).ToContainTextAsync("JPG ·");
        await Expect(page.Operation("JPG")).ToBeDisabledAsync();
        await Expect(page.Operation("PNG")).ToBeEnabledAsync();
        await page.Operation("PNG").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Process" }).ClickAsync();

        await page.ExpectStatusAsync("Completed");
        await Expect(page.Locator("#form-error")).ToBeEmptyAsync();
    }

    private sealed record Capabilities(string[] Operations);
}
