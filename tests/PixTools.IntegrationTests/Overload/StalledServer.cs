using System.Net.Http.Headers;
using PixTools.IntegrationTests.Support;

namespace PixTools.IntegrationTests.Overload;

/// <summary>
/// The real server in its own process, consuming only the ml queue, so conversions stay queued and the jobs not yet
/// ended pile up to its small ceiling (<c>Admission:MaxUnfinishedJobs</c>), counted afresh for every request.
/// </summary>
public abstract class StalledServer(int maxUnfinishedJobs) : IAsyncLifetime
{
    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "pixtools-admission-" + Guid.NewGuid().ToString("N"));

    public PixToolsLauncher? Process { get; private set; }

    /// <summary>More environment settings of the process.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string>> Settings => [];

    public async Task InitializeAsync() => Process = await PixToolsProcess.StartAsync(dataDirectory, new Dictionary<string, string>(Settings)
    {
        ["PIXTOOLS_WORKER__QUEUES"] = "ml",
        ["PIXTOOLS_ADMISSION__MAXUNFINISHEDJOBS"] = maxUnfinishedJobs.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["PIXTOOLS_ADMISSION__COUNTCACHETIME"] = "00:00:00",
    });

    public Task DisposeAsync()
    {
        Process?.Dispose();
        if (Directory.Exists(dataDirectory)) Directory.Delete(dataDirectory, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>Posts a declared 5 MB multipart body behind Expect: 100-continue; returns the answer and how much of the body the server read.</summary>
    public static async Task<(HttpResponseMessage Response, long BytesRead)> SendUnreadBodyAsync(PixToolsLauncher server, string path)
    {
        var body = new CountingStream(5L * 1024 * 1024);
        var content = new StreamContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x");
        content.Headers.ContentLength = 5L * 1024 * 1024;
        using var http = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(60) }) { BaseAddress = server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.ExpectContinue = true;
        var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return (response, body.BytesRead);
    }
}
