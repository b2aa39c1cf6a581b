namespace PixTools.IntegrationTests.Support;

/// <summary>The test build's PixTools as a separate OS process (for tests that kill it with SIGKILL), with its own data folder.</summary>
public static class PixToolsProcess
{
    public static Task<PixToolsLauncher> StartAsync(
        string dataDirectory, IReadOnlyDictionary<string, string>? settings = null, int? port = null, string? workingDirectory = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["PIXTOOLS_DATABASE__CONNECTIONSTRING"] = $"Data Source={Path.Combine(dataDirectory, "pixtools.db")}",
            ["PIXTOOLS_STORAGE__LOCAL__ROOT"] = Path.Combine(dataDirectory, "blobs"),
            ["DOTNET_ENVIRONMENT"] = "Testing",
            // Tests submit many jobs from one address at once; the rate limit is tested on its own (RateLimitTests).
            ["PIXTOOLS_RATELIMITS__SUBMITBURST"] = "1000000",
            ["PIXTOOLS_RATELIMITS__SUBMITSPERMINUTE"] = "60000000",
            ["PIXTOOLS_RATELIMITS__DOWNLOADBURST"] = "1000000",
            ["PIXTOOLS_RATELIMITS__DOWNLOADSPERMINUTE"] = "60000000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) environment[key] = value;
        var name = environment.GetValueOrDefault("PIXTOOLS_ROLE", "PixTools");
        return PixToolsLauncher.StartAsync(name, Path.Combine(AppContext.BaseDirectory, "PixTools.dll"), environment, "/api/livez", TimeSpan.FromSeconds(180), port, workingDirectory);
    }
}
