using PixTools.BrowserTests.Support;

namespace PixTools.BrowserTests;

/// <summary>A server with an API key: the page asks for it, says why a request is refused without it, and works with it.</summary>
[Collection(KeyedBrowserCollection.Name)]
public sealed class ApiKeyTests(ApiKeyTests.KeyedServer server)
{
    public const string Key = "browser-test-key-0123456789";

    public sealed class KeyedServer : PixToolsServer
    {
        protected override IEnumerable<(string Key, string Value)> Settings => [("Api:ApiKey", ApiKeyTests.Key)];
    }

    [Fact]
    public async Task AsksForTheKeyAndProcessesOnceItIsGiven()
    {
        var page = await server.NewPageAsync();
        var keyField = page.GetByLabel("API key");
        await Expect(keyField).ToBeVisibleAsync(new() { Timeout = 30_000 }); // shown once /api/capabilities answers (a cold server on a busy machine is slow)

        await page.FileInput().SetInputFilesAsync(TestPhotos.PathOf("coffee.png"));
        await page.Operation("WebP").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Process" }).ClickAsync();
        await Expect(page.Locator("#form-error")).ToHaveTextAsync("This server needs an API key: enter it in the API key field above.");

        await keyField.FillAsync(Key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Process" }).ClickAsync();
        await page.ExpectStatusAsync("Completed");
        await Screenshots.SaveAsync(page);
    }
}

/// <summary>The keyed server runs beside the shared one, with its own browser.</summary>
[CollectionDefinition(Name)]
public sealed class KeyedBrowserCollection : ICollectionFixture<ApiKeyTests.KeyedServer>
{
    public const string Name = "browser-keyed";
}
