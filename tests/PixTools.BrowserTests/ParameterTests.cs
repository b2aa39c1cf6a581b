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
    public async Task AnUntouchedQualitySliderLeavesEachFormatTheServersDefault()
    {
        var page = await server.NewPageAsync();
        await page.ChoosePhotoAsync("coffee.png");
        await page.Operation("JPG").CheckAsync();
        await page.Operation("AVIF").CheckAsync();
        var value = page.Locator("output[for=quality]");
        var process = page.GetByRole(AriaRole.Button, new() { Name = "Process" });
        // The form's operation_params as the page hands them to fetch (Chromium does not show a multipart body with
        // a file to the test, so the page's own fetch is wrapped to keep a copy of that one field).
        await page.EvaluateAsync("""
            () => {
              const fetch = window.fetch;
              window.fetch = (url, options) => {
                if (options?.body instanceof FormData) window.submittedParams = options.body.get('operation_params') ?? '';
                return fetch(url, options);
              };
            }
            """);
        async Task<string> SubmittedParamsAsync()
        {
            await Expect(process).ToBeEnabledAsync();
            await page.EvaluateAsync("() => { window.submittedParams = null; }");
            await process.ClickAsync();
            await page.WaitForFunctionAsync("() => window.submittedParams !== null");
            return await page.EvaluateAsync<string>("() => window.submittedParams");
        }

        await Expect(value).ToHaveTextAsync("default");
        await Expect(page.Locator("#quality-hint")).ToContainTextAsync("this server's default (JPG 80, AVIF 60)");
        Assert.Equal("", await SubmittedParamsAsync());

        await page.GetByRole(AriaRole.Slider, new() { Name = "Quality" }).FillAsync("42");
        await Expect(value).ToHaveTextAsync("42");
        Assert.Equal("{\"jpg\":{\"quality\":42},\"avif\":{\"quality\":42}}", await SubmittedParamsAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = "Use the defaults" }).ClickAsync();
        await Expect(value).ToHaveTextAsync("default");
        await Expect(page.GetByRole(AriaRole.Slider, new() { Name = "Quality" })).ToHaveValueAsync("80");
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
