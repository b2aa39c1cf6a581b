using System.Net;
using System.Text.Json;
using PixTools.IntegrationTests.Support;

namespace PixTools.IntegrationTests;

/// <summary>
/// The server finds appsettings.json and wwwroot beside its own binary whatever the current directory, and keeps
/// its data under the working directory (or DataDirectory), never in the build output.
/// </summary>
public sealed class ContentRootTests : IDisposable
{
    // A settings layer only this test's environment loads: found only if the content root is the binary's folder.
    private const string Environment = "ContentRootProbe";
    private static readonly string ProbeSettings = Path.Combine(AppContext.BaseDirectory, $"appsettings.{Environment}.json");
    private readonly string dataDirectory = Directory.CreateTempSubdirectory("pixtools-contentroot-").FullName;

    [Fact]
    public async Task Started_from_the_filesystem_root_it_serves_the_page_and_reads_its_settings()
    {
        await File.WriteAllTextAsync(ProbeSettings, """{ "Limits": { "MaxUploadBytes": 1234567 } }""");
        try
        {
            using var server = await PixToolsProcess.StartAsync(dataDirectory, RelativeData(("PIXTOOLS_DATADIRECTORY", dataDirectory)), workingDirectory: "/");
            using var http = server.CreateClient();

            var page = await http.GetAsync("/");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("<title>PixTools", await page.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/app.js")).StatusCode);

            using var capabilities = JsonDocument.Parse(await http.GetStringAsync("/api/capabilities"));
            Assert.Equal(1234567, capabilities.RootElement.GetProperty("max_upload_bytes").GetInt64());

            Assert.True(File.Exists(Path.Combine(dataDirectory, "data", "pixtools.db")), "the SQLite file is under DataDirectory");
            Assert.False(Directory.Exists(Path.Combine(AppContext.BaseDirectory, "data")), "nothing is written to the build output");
        }
        finally
        {
            File.Delete(ProbeSettings);
        }
    }

    [Fact]
    public async Task Without_a_data_folder_setting_relative_data_paths_are_under_the_working_directory()
    {
        using var server = await PixToolsProcess.StartAsync(dataDirectory, RelativeData(), workingDirectory: dataDirectory);
        using var http = server.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/readyz")).StatusCode);

        Assert.True(File.Exists(Path.Combine(dataDirectory, "data", "pixtools.db")));
    }

    /// <summary>The shipped relative data paths (the launcher's absolute ones overridden), plus <paramref name="more"/>.</summary>
    private static Dictionary<string, string> RelativeData(params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = Environment,
            ["PIXTOOLS_DATABASE__CONNECTIONSTRING"] = "Data Source=data/pixtools.db",
            ["PIXTOOLS_STORAGE__LOCAL__ROOT"] = "data/blobs",
        };
        foreach (var (key, value) in more) settings[key] = value;
        return settings;
    }

    public void Dispose() => Directory.Delete(dataDirectory, recursive: true);
}
