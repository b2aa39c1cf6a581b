using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace PixTools.BrowserTests.Support;

/// <summary>
/// A real PixTools on Kestrel at 127.0.0.1 (embedded default: SQLite, local folder, in-process queue) with its own
/// data folder, and one headless Debian Chromium, shared by the browser tests.
/// </summary>
public class PixToolsServer : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>Debian's package; Playwright's own browser download is not used (CI machines have no internet).</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "pixtools-browser-" + Guid.NewGuid().ToString("N"));
    private readonly int port = PixToolsLauncher.FreePort();
    private IPlaywright? playwright;

    public Uri BaseAddress => new($"http://127.0.0.1:{port}");

    public IBrowser Browser { get; private set; } = null!;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public async Task InitializeAsync()
    {
        Http.BaseAddress = BaseAddress;
        UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        StartServer();
        playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    /// <summary>A fresh browser context (own storage, so history starts empty) and page at the given width.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            AcceptDownloads = true,
        });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        return page;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:ConnectionString", $"Data Source={Path.Combine(dataDirectory, "pixtools.db")}");
        builder.UseSetting("Storage:Local:Root", Path.Combine(dataDirectory, "blobs"));
        builder.UseSetting("Worker:RetryBaseDelay", "00:00:00.100");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
    }

    /// <summary>Settings on top of the defaults, for a server configured otherwise (e.g. with an API key).</summary>
    protected virtual IEnumerable<(string Key, string Value)> Settings => [];

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        playwright?.Dispose();
        Http.Dispose();
        await base.DisposeAsync();
        try
        {
            if (Directory.Exists(dataDirectory)) Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the temp folder is cleaned by the OS.
        }
    }
}
