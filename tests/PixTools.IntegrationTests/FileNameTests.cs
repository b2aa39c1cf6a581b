using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PixTools.IntegrationTests.Support;

namespace PixTools.IntegrationTests;

/// <summary>
/// The uploaded file's name through real HTTP: kept in UTF-8 in the download's Content-Disposition (RFC 6266
/// <c>filename*</c> with an ASCII <c>filename</c>) and in the ZIP's member names (UTF-8 flag set), cleaned of what could hurt.
/// </summary>
public sealed class FileNameTests(PixToolsApp app) : IClassFixture<PixToolsApp>
{
    private readonly JobClient client = new(app.CreateClient());
    private static readonly byte[] Png = TestPhotos.Read("camera-gray.png");

    [Theory]
    [InlineData("filename", "фото 🌅.png", "фото 🌅")]
    [InlineData("filename*", "фото 🌅.png", "фото 🌅")]
    [InlineData("filename*", "../..\\evil\u202Egnp\r\n<x>.png", "evil_gnp_x_")]
    public async Task KeepsTheUtf8BaseNameInDownloadsAndTheZip(string parameter, string uploaded, string expectedBase)
    {
        var jobId = await SubmitAsync(uploaded, parameter);
        var job = await client.WaitForTerminalAsync(jobId);
        Assert.Equal("COMPLETED", job.GetProperty("status").GetString());

        var expected = $"pixtools_webp_{expectedBase}.webp";
        using (var download = await client.Http.GetAsync(job.GetProperty("result_urls").GetProperty("webp").GetString()))
        {
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            var disposition = download.Content.Headers.ContentDisposition!;
            Assert.Equal("attachment", disposition.DispositionType);
            Assert.Equal(expected, disposition.FileNameStar);
            var raw = download.Content.Headers.GetValues("Content-Disposition").Single();
            Assert.Contains("filename*=UTF-8''", raw, StringComparison.OrdinalIgnoreCase);
            var fallback = disposition.FileName!.Trim('"');
            Assert.All(fallback, c => Assert.True(c is >= ' ' and <= '~', $"non-ASCII U+{(int)c:X4} in the fallback {fallback}"));
            Assert.StartsWith("pixtools_webp_", fallback);
            Assert.EndsWith(".webp", fallback);
        }

        var archiveUrl = await WaitForArchiveUrlAsync(jobId);
        using var archive = await client.Http.GetAsync(archiveUrl);
        Assert.Equal($"pixtools_bundle_{expectedBase}.zip", archive.Content.Headers.ContentDisposition!.FileNameStar);
        var bytes = await archive.Content.ReadAsByteArrayAsync();
        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        Assert.Equal([expected, $"pixtools_jpg_{expectedBase}.jpg"], zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal).Reverse());
        var nonAscii = expectedBase.Any(c => c > '~');
        Assert.All(CentralDirectoryFlags(bytes), flags => Assert.Equal(nonAscii, (flags & 0x0800) != 0));
    }

    private async Task<Guid> SubmitAsync(string fileName, string parameter)
    {
        var form = JobClient.Form(null, "", null, "[\"webp\",\"jpg\"]");
        var part = new ByteArrayContent(Png);
        part.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        part.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"file\"" };
        if (parameter == "filename*") part.Headers.ContentDisposition.FileNameStar = fileName;
        else part.Headers.ContentDisposition.FileName = "\"" + fileName + "\"";
        form.Add(part);
        using var response = await client.PostAsync(form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("job_id").GetGuid();
    }

    private async Task<string> WaitForArchiveUrlAsync(Guid jobId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var job = await client.GetJobAsync(jobId);
            if (job.GetProperty("archive_url").GetString() is { } url) return url;
            Assert.True(DateTime.UtcNow < deadline, $"no archive_url: {job}");
            await Task.Delay(50);
        }
    }

    /// <summary>The general purpose flags of every central directory record (APPNOTE 4.3.12; bit 11: names are UTF-8).</summary>
    private static List<ushort> CentralDirectoryFlags(byte[] zip)
    {
        var flags = new List<ushort>();
        var signature = "PK\u0001\u0002"u8;
        for (var at = zip.AsSpan().IndexOf(signature); at >= 0;)
        {
            flags.Add(BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(at + 8)));
            var next = zip.AsSpan(at + 4).IndexOf(signature);
            at = next < 0 ? -1 : at + 4 + next;
        }
        Assert.Equal(2, flags.Count);
        return flags;
    }
}
