using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace PixTools.IntegrationTests.Support;

/// <summary>
/// PixTools on the embedded default (SQLite, local folder, in-process queue) in this test process, with its
/// own data folder so each test class owns its jobs, keys and blobs.
/// </summary>
public class PixToolsApp : WebApplicationFactory<Program>
{
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "pixtools-it-" + Guid.NewGuid().ToString("N"));

    /// <summary>Settings on top of the defaults, e.g. ("Api:ApiKey", "secret").</summary>
    protected virtual IEnumerable<(string Key, string Value)> Settings => [];

    /// <summary>Replacements of services, e.g. a blob store that fails on purpose.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.ConfigureTestServices(ConfigureServices);
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:ConnectionString", $"Data Source={Path.Combine(DataDirectory, "pixtools.db")}");
        builder.UseSetting("Storage:Local:Root", Path.Combine(DataDirectory, "blobs"));
        builder.UseSetting("Worker:RetryBaseDelay", "00:00:00.100");
        // Tests submit many jobs from one address at once; the rate limit is tested on its own (RateLimitTests).
        builder.UseSetting("RateLimits:SubmitBurst", "1000000");
        builder.UseSetting("RateLimits:SubmitsPerMinute", "60000000");
        builder.UseSetting("RateLimits:DownloadBurst", "1000000");
        builder.UseSetting("RateLimits:DownloadsPerMinute", "60000000");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(DataDirectory))
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // SQLite may still hold the file for a moment; the temp folder is cleaned by the OS.
            }
        }
    }
}
