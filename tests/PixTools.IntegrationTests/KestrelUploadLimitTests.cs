using System.Net.Http.Headers;
using PixTools.IntegrationTests.Support;

namespace PixTools.IntegrationTests;

/// <summary>The size cap on the real server (Kestrel, a separate process): a huge body is refused without being read.</summary>
public sealed class KestrelUploadLimitTests : IAsyncLifetime
{
    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "pixtools-limit-" + Guid.NewGuid().ToString("N"));
    private PixToolsLauncher? server;

    public async Task InitializeAsync() => server = await PixToolsProcess.StartAsync(dataDirectory);

    [Fact]
    public async Task RefusesADeclaredOneGigabyteBodyWithoutReadingIt()
    {
        var body = new CountingStream(1L << 30);
        var content = new StreamContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x");
        content.Headers.ContentLength = 1L << 30;
        // Expect: 100-continue makes the client wait for the server's word before sending the body; the
        // default wait is 1 s, after which it sends anyway, so a busy test machine needs a longer one.
        using var http = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(60) }) { BaseAddress = server!.BaseAddress };
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/process") { Content = content };
        request.Headers.ExpectContinue = true;

        using var response = await http.SendAsync(request);

        await SubmitValidationTests.AssertProblemAsync(response, 413, "Limits:MaxUploadBytes");
        Assert.True(body.BytesRead < 16L * 1024 * 1024, $"{body.BytesRead} bytes of a refused 1 GB body were sent");
    }

    [Fact]
    public async Task RefusesAnUndeclaredOversizedBodyOnceItPassesTheCap()
    {
        var big = new byte[12 * 1024 * 1024];
        TestPhotos.Read("storm-exif-lens.jpg").CopyTo(big, 0);
        using var http = server!.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/process") { Content = JobClient.Form(big, "big.jpg", "image/jpeg", "[\"webp\"]") };
        request.Headers.TransferEncodingChunked = true;

        using var response = await http.SendAsync(request);

        await SubmitValidationTests.AssertProblemAsync(response, 413, "10485760");
    }

    public Task DisposeAsync()
    {
        server?.Dispose();
        if (Directory.Exists(dataDirectory)) Directory.Delete(dataDirectory, recursive: true);
        return Task.CompletedTask;
    }
}
