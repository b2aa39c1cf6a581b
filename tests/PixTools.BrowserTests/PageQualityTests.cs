using PixTools.BrowserTests.Support;

namespace PixTools.BrowserTests;

/// <summary>Every control labelled, usable by keyboard and at phone width; history marks expired jobs.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PageQualityTests(PixToolsServer server)
{
    [Fact]
    public async Task AtPhoneWidthNothingOverflowsAndEveryControlIsLabelled()
    {
        var page = await server.NewPageAsync(width: 390, height: 844);
        await page.ChoosePhotoAsync("storm-exif-lens.jpg");
        await page.Operation("WebP").CheckAsync();
        await page.GetByText("Webhook (optional)").ClickAsync();

        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"),
            "the page scrolls sideways at 390 px");
        var unlabelled = await page.EvaluateAsync<string[]>("""
            [...document.querySelectorAll('input, select, button, textarea, a[href]')]
              .filter(e => e.type !== 'hidden' && e.getClientRects().length > 0)
              .filter(e => !((e.labels && e.labels.length) || e.getAttribute('aria-label') || e.getAttribute('aria-labelledby') || e.textContent.trim()))
              .map(e => e.outerHTML.slice(0, 80))
            """);
        Assert.Empty(unlabelled);
        await Screenshots.SaveAsync(page);
    }

    [Fact]
    public async Task TheFormWorksFromTheKeyboard()
    {
        var page = await server.NewPageAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Skip to the form" })).ToBeFocusedAsync();
        await page.FileInput().FocusAsync();
        await page.ChoosePhotoAsync("coffee.png");
        await page.Operation("JPG").FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await Expect(page.Operation("JPG")).ToBeCheckedAsync();
        var quality = page.GetByRole(AriaRole.Slider, new() { Name = "JPG quality" });
        await Expect(quality).ToBeVisibleAsync();
        await quality.FocusAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(page.Locator("output[for=quality-jpg]")).ToHaveTextAsync("81");
        await Screenshots.SaveAsync(page);
    }

    [Fact]
    public async Task HistoryMarksJobsOlderThanTheRetentionWindowAsExpired()
    {
        var page = await server.NewPageAsync();
        await page.EvaluateAsync("""
            localStorage.setItem('pixtools.history', JSON.stringify([
              { job_id: '00000000-0000-7000-8000-000000000001', name: 'old.jpg', operations: ['webp'], created_at: new Date(Date.now() - 3 * 86400e3).toISOString(), status: 'COMPLETED' },
              { job_id: '00000000-0000-7000-8000-000000000002', name: 'recent.jpg', operations: ['png'], created_at: new Date().toISOString(), status: 'COMPLETED' }]))
            """);
        await page.ReloadAsync();

        var history = page.GetByRole(AriaRole.Region, new() { Name = "Recent jobs" });
        await Expect(history.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "old.jpg" })).ToContainTextAsync("Expired");
        var recent = history.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "recent.jpg" });
        await Expect(recent).Not.ToContainTextAsync("Expired");
        await recent.GetByRole(AriaRole.Button, new() { Name = "Open job recent.jpg" }).ClickAsync();
        // The server never had that job: the page says so instead of spinning.
        await Expect(page.Locator("#job-message")).ToHaveTextAsync("This job no longer exists: it has expired or was never here.");
        await Screenshots.SaveAsync(page);
    }
}
