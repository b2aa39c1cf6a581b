using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using PixTools.IntegrationTests.Support;

namespace PixTools.IntegrationTests;

/// <summary>
/// Admission:ConcurrentUploads on the real server: uploads past the limit wait their turn with their body unread, and
/// one that waits longer than Admission:UploadTurnWait gets a 503 with Retry-After; a freed turn serves the next one.
/// </summary>
public sealed class UploadTurnsTests : IAsyncLifetime
{
    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "pixtools-turns-" + Guid.NewGuid().ToString("N"));
    private PixToolsLauncher? server;

    public async Task InitializeAsync() =>
        server = await PixToolsProcess.StartAsync(dataDirectory, new Dictionary<string, string>
        {
            ["PIXTOOLS_ADMISSION__CONCURRENTUPLOADS"] = "1",
            ["PIXTOOLS_ADMISSION__UPLOADTURNWAIT"] = "00:00:01",
        });

    [Fact]
    public async Task AnUploadPastTheLimitWaitsItsTurnAndIsToldToComeBackWhenTheTurnDoesNotCome()
    {
        var photo = TestPhotos.Read("storm-exif-lens.jpg");
        using var http = server!.CreateClient();

        // The first upload holds the only turn while its body is half sent.
        var body = new PausingStream(photo, pauseAfter: 256 * 1024);
        var file = new StreamContent(body);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        using var slow = new MultipartFormDataContent { { new StringContent("[\"webp\"]"), "operations" }, { file, "file", "storm.jpg" } };
        var first = http.PostAsync("/api/process", slow);
        await body.Paused.WaitAsync(TimeSpan.FromSeconds(30));

        // The second waits for it, then is refused with a plain sentence and Retry-After; nothing of it is kept.
        using (var refused = await http.PostAsync("/api/process", Form(photo)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "Retry-After is missing");
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains("many uploads at once", problem.GetProperty("detail").GetString());
        }

        // The first goes through once its body arrives, and its freed turn serves the next upload at once.
        body.Resume();
        using (var accepted = await first)
        {
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }
        using var next = await http.PostAsync("/api/process", Form(photo));
        Assert.Equal(HttpStatusCode.Accepted, next.StatusCode);
    }

    private static MultipartFormDataContent Form(byte[] photo)
    {
        var file = new ByteArrayContent(photo);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        return new MultipartFormDataContent { { new StringContent("[\"webp\"]"), "operations" }, { file, "file", "photo.jpg" } };
    }

    public Task DisposeAsync()
    {
        server?.Dispose();
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        return Task.CompletedTask;
    }
}
