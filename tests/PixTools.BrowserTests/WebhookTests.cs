using System.Net;
using System.Net.Http.Json;
using PixTools.BrowserTests.Support;

namespace PixTools.BrowserTests;

/// <summary>
/// The product plan's "Webhook" check, with the sandbox inbox in place of webhook.site.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WebhookTests(PixToolsServer server)
{
    [Fact]
    public async Task AWebhookDeliveryShowsUpInTheSandboxInbox()
    {
        var page = await server.NewPageAsync();

        await UseNewInboxAsync(page);
        await page.ProcessAsync("coffee.png", "WebP");

        await page.ExpectStatusAsync("Completed");
        var deliveries = page.GetByRole(AriaRole.List, new() { Name = "Deliveries" });
        var delivery = deliveries.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "COMPLETED" });
        await Expect(delivery).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Expect(delivery).ToContainTextAsync("Signature valid");
        await Expect(delivery).ToContainTextAsync("result_urls");
        await Screenshots.SaveAsync(page);
    }

    [Fact]
    public async Task SendTestDeliversToTheSandboxInbox()
    {
        var page = await server.NewPageAsync();

        await UseNewInboxAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send test" }).ClickAsync();

        await Expect(page.Locator("#webhook-result")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^Delivered: HTTP 2\d\d in \d+ ms\.$"), new() { Timeout = 30_000 });
        var deliveries = page.GetByRole(AriaRole.List, new() { Name = "Deliveries" });
        await Expect(deliveries.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Signature valid" })).ToHaveCountAsync(1);
        await Screenshots.SaveAsync(page);
    }

    private async Task<string> UseNewInboxAsync(IPage page)
    {
        await page.GetByText("Webhook (optional)").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create sandbox inbox" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Use inbox URL" }).ClickAsync();
        var field = page.GetByLabel("Webhook URL");
        await Expect(field).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^https?://"));
        return await field.InputValueAsync();
    }
}
