using System.IO.Compression;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using NetVips;
using PixTools.IntegrationTests.Support;
using PixTools.Jobs;
using PixTools.Storage;

namespace PixTools.IntegrationTests;

/// <summary>The ZIP bundle end to end: built after the job completes, shown as archive_url, downloaded and opened.</summary>
public sealed class ArchiveTests(PixToolsApp app) : IClassFixture<PixToolsApp>
{
    private const string Photo = "colorfulcups-exif-gps.jpg";
    private readonly JobClient client = new(app.CreateClient());

    [Fact]
    public async Task BundlesEveryResultAndTheMetadataIntoTheArchive()
    {
        var jobId = await client.SubmitAsync(Photo, "[\"png\",\"webp\",\"avif\",\"metadata\"]",
            "{\"png\":{\"resize\":{\"width\":320}},\"webp\":{\"resize\":{\"width\":320}},\"avif\":{\"resize\":{\"width\":320}}}");
        var job = await client.WaitForTerminalAsync(jobId);
        Assert.Equal("COMPLETED", job.GetProperty("status").GetString());

        job = await client.WaitForArchiveAsync(jobId);
        using var response = await client.Http.GetAsync(job.GetProperty("archive_url").GetString());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("pixtools_bundle_colorfulcups-exif-gps.zip", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));

        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        Assert.Equal(
            ["metadata.json", "pixtools_avif_colorfulcups-exif-gps.avif", "pixtools_png_colorfulcups-exif-gps.png", "pixtools_webp_colorfulcups-exif-gps.webp"],
            zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        AssertDecodesAs(zip, "pixtools_png_colorfulcups-exif-gps.png", "pngload");
        AssertDecodesAs(zip, "pixtools_webp_colorfulcups-exif-gps.webp", "webpload");
        AssertDecodesAs(zip, "pixtools_avif_colorfulcups-exif-gps.avif", "heifload");

        var metadata = JsonNode.Parse(ReadMember(zip, "metadata.json"));
        var expected = JsonNode.Parse(job.GetProperty("metadata").GetRawText());
        Assert.True(JsonNode.DeepEquals(expected, metadata), $"metadata.json {metadata?.ToJsonString()} is not the job's {expected?.ToJsonString()}");
        Assert.Equal("SONY", metadata!["camera_make"]!.GetValue<string>());
    }

    [Fact]
    public async Task ADownloadAnswersHeadAndResumesFromAByteRange()
    {
        var jobId = await client.SubmitAsync(Photo, "[\"webp\"]", "{\"webp\":{\"resize\":{\"width\":320}}}");
        var job = await client.WaitForArchiveAsync(jobId);
        var url = job.GetProperty("archive_url").GetString();
        var whole = await client.Http.GetByteArrayAsync(url);

        // HEAD: what a download manager asks first, the size and name without the body.
        using var head = await client.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(whole.Length, head.Content.Headers.ContentLength);
        Assert.Equal("pixtools_bundle_colorfulcups-exif-gps.zip", head.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal("bytes", string.Join(",", head.Headers.AcceptRanges));
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());

        // A download cut off half way resumes from where it stopped, and the two halves make the file.
        using var rest = new HttpRequestMessage(HttpMethod.Get, url);
        rest.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(whole.Length / 2, null);
        using var resumed = await client.Http.SendAsync(rest);
        Assert.Equal(HttpStatusCode.PartialContent, resumed.StatusCode);
        Assert.Equal(whole[(whole.Length / 2)..], await resumed.Content.ReadAsByteArrayAsync());

        // HEAD is checked like GET: a URL whose signature does not match is refused.
        using var forged = await client.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, url!.Replace("sig=", "sig=0")));
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
    }

    [Fact]
    public async Task ADownloadCanBeRevalidatedAndIsCachedOnlyUntilItsLinkExpires()
    {
        var jobId = await client.SubmitAsync(Photo, "[\"webp\"]", "{\"webp\":{\"resize\":{\"width\":200}}}");
        var job = await client.WaitForArchiveAsync(jobId);
        var url = job.GetProperty("result_urls").GetProperty("webp").GetString()!;
        using var first = await client.Http.GetAsync(url);
        var whole = await first.Content.ReadAsByteArrayAsync();
        var tag = first.Headers.ETag;
        Assert.NotNull(tag);
        Assert.False(tag.IsWeak);
        Assert.NotNull(first.Content.Headers.LastModified);
        // Private (a signed link is someone's), and no longer than the link lives (exp in the URL).
        var cache = first.Headers.CacheControl!;
        Assert.True(cache.Private);
        var expires = long.Parse(System.Web.HttpUtility.ParseQueryString(new Uri(url).Query)["exp"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(cache.MaxAge!.Value.TotalSeconds, 1, expires - DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 5);

        // A browser revalidating gets 304 without the body; If-Range with the same tag resumes, with another the whole file.
        using var revalidate = new HttpRequestMessage(HttpMethod.Get, url);
        revalidate.Headers.IfNoneMatch.Add(tag);
        using var notModified = await client.Http.SendAsync(revalidate);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

        using var sameFile = new HttpRequestMessage(HttpMethod.Get, url);
        sameFile.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(10, null);
        sameFile.Headers.IfRange = new System.Net.Http.Headers.RangeConditionHeaderValue(tag);
        using var resumed = await client.Http.SendAsync(sameFile);
        Assert.Equal(HttpStatusCode.PartialContent, resumed.StatusCode);
        Assert.Equal(whole[10..], await resumed.Content.ReadAsByteArrayAsync());

        using var otherFile = new HttpRequestMessage(HttpMethod.Get, url);
        otherFile.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(10, null);
        otherFile.Headers.IfRange = new System.Net.Http.Headers.RangeConditionHeaderValue(new System.Net.Http.Headers.EntityTagHeaderValue("\"0-0\""));
        using var restarted = await client.Http.SendAsync(otherFile);
        Assert.Equal(HttpStatusCode.OK, restarted.StatusCode);
        Assert.Equal(whole, await restarted.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task AMetadataOnlyJobHasNoArchive()
    {
        var jobId = await client.SubmitAsync(Photo, "[\"metadata\"]");
        var job = await client.WaitForTerminalAsync(jobId);
        Assert.Equal("COMPLETED", job.GetProperty("status").GetString());

        // The end steps run after the status is terminal: wait until they are done, then archive_url must still be null.
        await WaitForEndStepsAsync(jobId);
        Assert.Equal(JsonValueKind.Null, (await client.GetJobAsync(jobId)).GetProperty("archive_url").ValueKind);
    }

    [Fact]
    public async Task AJobWhoseBundleCannotBeStoredStillCompletes()
    {
        using var refusing = new ArchiveRefusingApp();
        var refusingClient = new JobClient(refusing.CreateClient());
        var jobId = await refusingClient.SubmitAsync("coffee.png", "[\"webp\"]");

        Assert.Equal("COMPLETED", (await refusingClient.WaitForTerminalAsync(jobId)).GetProperty("status").GetString());
        await WaitForEndStepsAsync(refusing.Services.GetRequiredService<JobStore>(), jobId);
        var job = await refusingClient.GetJobAsync(jobId);
        Assert.Equal("COMPLETED", job.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, job.GetProperty("archive_url").ValueKind);
        Assert.Equal(3, refusing.ArchivePuts);
    }

    private Task WaitForEndStepsAsync(Guid jobId) => WaitForEndStepsAsync(app.Services.GetRequiredService<JobStore>(), jobId);

    private static async Task WaitForEndStepsAsync(JobStore jobs, Guid jobId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while ((await jobs.FindAsync(jobId, CancellationToken.None))?.EndStepsDoneAt is null)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"job {jobId}'s end steps are not done after the deadline");
            await Task.Delay(50);
        }
    }

    private static void AssertDecodesAs(ZipArchive zip, string member, string loader)
    {
        using var image = Image.NewFromBuffer(ReadMember(zip, member));
        Assert.StartsWith(loader, (string)image.Get("vips-loader"));
        Assert.Equal(320, image.Width);
    }

    private static byte[] ReadMember(ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry(name)!.Open();
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }

    /// <summary>An app of its own (own data folder) whose blob store refuses every archive put.</summary>
    private sealed class ArchiveRefusingApp : PixToolsApp
    {
        private int archivePuts;

        public int ArchivePuts => Volatile.Read(ref archivePuts);

        protected override IEnumerable<(string Key, string Value)> Settings => [("Archive:RetryBaseDelay", "00:00:00.010")];

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                var original = services.Last(d => d.ServiceType == typeof(IBlobStore));
                services.Remove(original);
                services.AddSingleton<IBlobStore>(sp => new ArchiveRefusingBlobStore(
                    (IBlobStore)original.ImplementationFactory!(sp), () => Interlocked.Increment(ref archivePuts)));
            });
        }
    }
}
