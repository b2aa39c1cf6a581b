using System.Net;
using System.Net.Http.Json;
using PixTools.BrowserTests.Support;

namespace PixTools.BrowserTests;

/// <summary>
/// The product plan's "Webhook" check, with the sandbox inbox in place of webhook.site. The endpoints are built on
/// the webhooks branch: until they exist these tests return early, saying so, and only on a 404.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Needs", "webhooks")]
public sealed class WebhookTests(PixToolsServer server, ITestOutputHelper output)
{
    [Fact]
    public async Task AWebhookDeliveryShowsUpInTheSandboxInbox()
    {
        var page = await server.NewPageAsync();
        if (await EndpointMissingAsync(page, "/api/webhook-inboxes", null)) return;

        var inboxUrl = await UseNewInboxAsync(page);
        await page.ProcessAsync("coffee.png", "WebP");

        await page.ExpectStatusAsync("Completed");
        var deliveries = page.GetByRole(AriaRole.List, new() { Name = "Deliveries" });
        var delivery = deliveries.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "COMPLETED" });
        await Expect(delivery).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Expect(delivery).ToContainTextAsync("Signature valid");
        await Expect(delivery).ToContainTextAsync("result_urls");
        output.WriteLine($"delivered to {inboxUrl}");
        await Screenshots.SaveAsync(page);
    }

    [Fact]
    public async Task SendTestDeliversToTheSandboxInbox()
    {
        var page = await server.NewPageAsync();
        if (await EndpointMissingAsync(page, "/api/webhook-inboxes", null)) return;
        if (await EndpointMissingAsync(page, "/api/webhooks/test", new { url = "http://127.0.0.1:9/" })) return;

        await UseNewInboxAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send test" }).ClickAsync();

        await Expect(page.Locator("#webhook-result")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^Delivered: HTTP 2\d\d in \d+ ms\.$"));
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

    /// <summary>True (after a screenshot and a note) only when the route does not exist yet; the lead removes this after the merge.</summary>
    private async Task<bool> EndpointMissingAsync(IPage page, string path, object? body)
    {
        using var response = await server.Http.PostAsJsonAsync(path, body);
        if (response.StatusCode != HttpStatusCode.NotFound) return false;
        output.WriteLine($"SKIPPED: POST {path} answers 404 on this build (the webhooks branch adds it)");
        await Screenshots.SaveAsync(page, $"{GetType().Name}-{path.Trim('/').Replace('/', '-')}-missing");
        return true;
    }
}
