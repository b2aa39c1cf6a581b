using System.Net;
using System.Net.Http.Headers;
using PixTools.IntegrationTests.Batches;
using PixTools.IntegrationTests.Support;

namespace PixTools.IntegrationTests.Overload;

/// <summary>
/// The bytes of uploads one process receives at once are bounded (Admission:MaxPendingUploadBytes, 1 MB here): an
/// upload that would pass the bound while another arrives is refused with 503 and Retry-After: 1 before its body is
/// read. A batch is not counted among them, so a large one arriving slowly does not hold every other upload off.
/// </summary>
public sealed class UploadBytesAdmissionTests(UploadBytesAdmissionTests.Server fixture) : IClassFixture<UploadBytesAdmissionTests.Server>
{
    public sealed class Server() : StalledServer(maxUnfinishedJobs: 10)
    {
        protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("PIXTOOLS_ADMISSION__MAXPENDINGUPLOADBYTES", "1000000")];
    }

    /// <summary>A body that stops after its first <paramref name="openBytes"/> bytes until <paramref name="gate"/> opens: an upload on a slow link.</summary>
    private sealed class GatedStream(byte[] bytes, int openBytes, Task gate) : MemoryStream(bytes)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Position >= openBytes) await gate.WaitAsync(cancellationToken);
            var most = Position < openBytes ? (int)Math.Min(buffer.Length, openBytes - Position) : buffer.Length;
            return await base.ReadAsync(buffer[..most], cancellationToken);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    [Fact]
    public async Task UploadsBeingReceivedAreBoundedButABatchIsNotCountedAmongThem()
    {
        using var http = fixture.Process!.CreateClient();
        var photo = TestPhotos.Read("storm-exif-lens.jpg");

        // A 695 KB upload that stops after 100,000 bytes: admitted, its declared length counted while it arrives.
        var gate = new TaskCompletionSource();
        var held = new StreamContent(new GatedStream(photo, 100_000, gate.Task));
        held.Headers.ContentType = MediaTypeHeaderValue.Parse("image/jpeg");
        var form = new MultipartFormDataContent { { new StringContent("[\"webp\"]"), "operations" }, { held, "file", "storm.jpg" } };
        var slow = http.PostAsync("/api/process", form);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(slow.IsCompleted);

        // Another 695 KB upload would pass 1 MB: refused before it is read.
        using (var refused = await http.PostAsync("/api/process", JobClient.Form(photo, "storm.jpg", "image/jpeg", "[\"webp\"]")))
        {
            await SubmitValidationTests.AssertProblemAsync(refused, 503, "The service is receiving too many uploads at once. Please try again in a moment.");
            Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
        }

        // A batch is held to the jobs' ceiling, not to the bytes being received.
        using (var batch = await new BatchClient(http).PostAsync([BatchFile.Photo("storm-exif-lens.jpg")], "[\"webp\"]"))
        {
            Assert.Equal(HttpStatusCode.Accepted, batch.StatusCode);
        }

        gate.SetResult();
        using var finished = await slow;
        Assert.Equal(HttpStatusCode.Accepted, finished.StatusCode);

        // Its bytes are given back: the same upload is admitted now.
        using var again = await http.PostAsync("/api/process", JobClient.Form(photo, "storm.jpg", "image/jpeg", "[\"webp\"]"));
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
    }
}
