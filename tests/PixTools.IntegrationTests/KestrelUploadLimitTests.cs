using System.Net.Http.Headers;
using PixTools.IntegrationTests.Support;

namespace PixTools.IntegrationTests;

/// <summary>The size cap on the real server (Kestrel, a separate process): a huge body is refused without being read.</summary>
public sealed class KestrelUploadLimitTests : IAsyncLifetime
{
    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "pixtools-limit-" + Guid.NewGuid().ToString("N"));
    private PixToolsLauncher? server;

    // The server's temporary folder (TMPDIR) is the test's own, so its spooled uploads can be watched.
    private string TempFolder => Path.Combine(dataDirectory, "tmp");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(TempFolder);
        server = await PixToolsProcess.StartAsync(dataDirectory, new Dictionary<string, string> { ["TMPDIR"] = TempFolder });
    }

    [Fact]
    public async Task SpoolsTheUploadToDiskAsItArrivesAndDeletesItWhenTheRequestEnds()
    {
        var photo = TestPhotos.Read("storm-exif-lens.jpg");
        var body = new PausingStream(photo, pauseAfter: 256 * 1024);
        var file = new StreamContent(body);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        using var form = new MultipartFormDataContent { { new StringContent("[\"webp\"]"), "operations" }, { file, "file", "storm.jpg" } };
        using var http = server!.CreateClient();
        var sending = http.PostAsync("/api/process", form);

        // Half-way through the upload its bytes are in a file of the server's temporary folder, not in its memory.
        await body.Paused;
        var spooled = await WaitForAsync(() => SpooledUploads().FirstOrDefault(f => new FileInfo(f).Length >= 128 * 1024));
        Assert.NotNull(spooled);
        body.Resume();
        using var response = await sending;
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        // The request ends just after its answer is sent: the spooled file goes with it.
        var gone = await WaitForAsync(() => SpooledUploads().Any() ? null : "gone");
        Assert.True(gone is not null, $"the spooled upload is still there: {string.Join(", ", SpooledUploads())}");
    }

    private IEnumerable<string> SpooledUploads() =>
        Directory.EnumerateFiles(TempFolder, "upload-*", SearchOption.AllDirectories);

    private static async Task<string?> WaitForAsync(Func<string?> find)
    {
        for (var i = 0; i < 200; i++)
        {
            if (find() is { } found) return found;
            await Task.Delay(50);
        }
        return null;
    }

    /// <summary>Serves its bytes up to <c>pauseAfter</c>, then waits for <see cref="Resume"/> before the rest.</summary>
    private sealed class PausingStream(byte[] bytes, int pauseAfter) : Stream
    {
        private readonly TaskCompletionSource paused = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource resumed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int position;

        public Task Paused => paused.Task;

        public void Resume() => resumed.TrySetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (position == pauseAfter)
            {
                paused.TrySetResult();
                await resumed.Task.WaitAsync(cancellationToken);
            }
            var end = position < pauseAfter ? pauseAfter : bytes.Length;
            var count = Math.Min(buffer.Length, end - position);
            bytes.AsSpan(position, count).CopyTo(buffer.Span);
            position += count;
            return count;
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => bytes.Length;
        public override long Position { get => position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

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

        await SubmitValidationTests.AssertProblemAsync(response, 413, "The file is larger than the limit of");
        Assert.True(body.BytesRead < 16L * 1024 * 1024, $"{body.BytesRead} bytes of a refused 1 GB body were sent");
    }

    [Fact]
    public async Task RefusesAnUndeclaredOversizedBodyOnceItPassesTheCap()
    {
        var big = new byte[12 * 1024 * 1024];
        TestPhotos.Read("storm-exif-lens.jpg").CopyTo(big, 0);
        using var http = server!.CreateClient();
        HttpResponseMessage? response = null;
        for (var attempt = 0; attempt < 3 && response is null; attempt++)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/process") { Content = JobClient.Form(big, "big.jpg", "image/jpeg", "[\"webp\"]") };
            request.Headers.TransferEncodingChunked = true;
            try
            {
                response = await http.SendAsync(request);
            }
            catch (HttpRequestException e) when (e.InnerException is IOException)
            {
                // The server answered 413 and closed the connection while this client was still sending the rest of
                // the body (seen once in CI as a broken pipe): legitimate HTTP, but the answer went unread. Send again.
            }
        }

        Assert.NotNull(response);
        await SubmitValidationTests.AssertProblemAsync(response, 413, "10 MiB");
        response.Dispose();
    }

    [Theory]
    [InlineData("ftp://example.com/hook", "must be an absolute http or https URL")]
    [InlineData("http://127.0.0.1:9/hook", "must not point to a private or loopback address")]
    public async Task RefusesABadWebhookUrlSentBeforeTheFileWithoutWaitingForTheFile(string webhookUrl, string detail)
    {
        // webhook_url, operations, then the file's part header and the first bytes of a JPEG: and then nothing more.
        var prefix = System.Text.Encoding.ASCII.GetBytes(
            "--x\r\nContent-Disposition: form-data; name=\"webhook_url\"\r\n\r\n" + webhookUrl + "\r\n" +
            "--x\r\nContent-Disposition: form-data; name=\"operations\"\r\n\r\n[\"webp\"]\r\n" +
            "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"photo.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n")
            .Concat(TestPhotos.Read("storm-exif-lens.jpg").Take(4096)).ToArray();
        // A raw connection, so the test controls exactly what has been sent: the headers and one chunk holding the
        // prefix, and then nothing. The answer must come while the rest of the upload is still missing.
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(server!.BaseAddress.Host, server.BaseAddress.Port);
        var stream = tcp.GetStream();
        var head = System.Text.Encoding.ASCII.GetBytes(
            $"POST /api/process HTTP/1.1\r\nHost: {server.BaseAddress.Authority}\r\nContent-Type: multipart/form-data; boundary=x\r\n" +
            $"Transfer-Encoding: chunked\r\n\r\n{prefix.Length:x}\r\n");
        await stream.WriteAsync(head);
        await stream.WriteAsync(prefix);
        await stream.WriteAsync("\r\n"u8.ToArray());
        await stream.FlushAsync();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var received = new List<byte>();
        var buffer = new byte[8192];
        while (!System.Text.Encoding.UTF8.GetString(received.ToArray()).Contains("\"detail\"", StringComparison.Ordinal))
        {
            var n = await stream.ReadAsync(buffer, timeout.Token);
            if (n == 0) break;
            received.AddRange(buffer.AsSpan(0, n).ToArray());
        }
        var answer = System.Text.Encoding.UTF8.GetString(received.ToArray());
        Assert.StartsWith("HTTP/1.1 422", answer);
        Assert.Contains("application/problem+json", answer);
        Assert.Contains(detail, answer);
    }

    public Task DisposeAsync()
    {
        server?.Dispose();
        if (Directory.Exists(dataDirectory)) Directory.Delete(dataDirectory, recursive: true);
        return Task.CompletedTask;
    }
}
