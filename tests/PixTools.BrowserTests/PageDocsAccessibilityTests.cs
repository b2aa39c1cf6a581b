using Deque.AxeCore.Playwright;
using PixTools.BrowserTests.Support;

namespace PixTools.BrowserTests;

/// <summary>Issue 19: the API reference at /docs has no serious or critical axe violation, fits 375 px and works from the keyboard.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PageDocsAccessibilityTests(PixToolsServer server, ITestOutputHelper output)
{
    [Theory]
    [InlineData(1280, 900)]
    [InlineData(375, 812)]
    public async Task AxeFindsNoSeriousViolationInTheReference(int width, int height)
    {
        var page = await server.NewPageAsync(width, height);
        await page.GotoAsync("/docs");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("API reference");

        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), $"/docs scrolls sideways at {width} px");
        var results = await page.RunAxe();
        foreach (var v in results.Violations) output.WriteLine($"{v.Impact} {v.Id}: {v.Help} — {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}");
        Assert.Empty(results.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id} ({v.Impact}): {v.Help}"));
        await Expect(page.GetByRole(AriaRole.Main)).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Endpoints" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task AnEndpointIsReachedFromTheKeyboardAlone()
    {
        var page = await server.NewPageAsync(375, 812);
        await page.GotoAsync("/docs");

        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Skip to the endpoints" })).ToBeFocusedAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Skip to the endpoints" })).ToBeInViewportAsync();

        for (var i = 0; i < 20 && !await page.EvaluateAsync<bool>("() => document.activeElement?.getAttribute('href') === '#post-api-process'"); i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }
        Assert.Equal("#post-api-process", await page.EvaluateAsync<string?>("() => document.activeElement?.getAttribute('href')"));
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#post-api-process$"));
        await Expect(page.Locator("#post-api-process-title")).ToBeInViewportAsync();
    }
}
