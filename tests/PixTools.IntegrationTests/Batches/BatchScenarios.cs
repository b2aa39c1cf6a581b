using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using PixTools.IntegrationTests.Support;

namespace PixTools.IntegrationTests.Batches;

/// <summary>
/// The batch API's behaviour, run on both profiles (<see cref="EmbeddedBatchTests"/>, <see cref="DistributedBatchTests"/>).
/// The servers run with <see cref="Settings"/>: at most <see cref="MaxFiles"/> files and <see cref="MaxBytes"/> bytes a batch,
/// each file at most <see cref="MaxUploadBytes"/>. (Admission of batches: Overload/BatchAdmissionTests.)
/// </summary>
public static class BatchScenarios
{
    public const int MaxFiles = 8;
    public const long MaxBytes = 3_000_000;
    public const long MaxUploadBytes = 1024 * 1024;

    public static readonly (string Key, string Value)[] Settings =
    [
        ("Batches:MaxFiles", MaxFiles.ToString()),
        ("Batches:MaxBytes", MaxBytes.ToString()),
        ("Limits:MaxUploadBytes", MaxUploadBytes.ToString()),
        ("Webhooks:AllowPrivateNetworks", "true"),
        ("Webhooks:FirstRetryDelay", "00:00:00.200"),
    ];

    private static BatchFile NotAnImage => new("notes.txt", Encoding.UTF8.GetBytes("not a photo at all"), "text/plain");

    private static BatchFile Corrupt => new("damaged.png", CraftedImages.PngWithDamagedImageData(TestPhotos.Read("coffee.png")), "image/png");

    /// <summary>
    /// Two good photos with one name, another good photo, a PNG whose pixels are damaged (well formed to every check at
    /// upload) and a text file: the text file is
    /// refused at upload, the corrupt one fails its own job, the batch ends PARTIAL with a ZIP of a folder per good file
    /// (the clash resolved) and exactly one webhook for the batch, none for its jobs.
    /// </summary>
    public static async Task MixedFilesEndPartialWithOneZipAndOneWebhookAsync(BatchClient client, TimeSpan timeout, string? signingSecret)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var accepted = await client.SubmitAsync(
            [BatchFile.Photo("coffee.png"), NotAnImage, BatchFile.Photo("storm-exif-lens.jpg"), Corrupt, BatchFile.Photo("coffee.png", "more/coffee.png")],
            "[\"webp\"]", receiver.Url);

        Assert.Equal("PENDING", accepted.GetProperty("status").GetString());
        var jobIds = accepted.GetProperty("job_ids").EnumerateArray().Select(j => j.GetGuid()).ToList();
        Assert.Equal(4, jobIds.Count);
        var refused = Assert.Single(accepted.GetProperty("refused").EnumerateArray());
        Assert.Equal("notes.txt", refused.GetProperty("file_name").GetString());
        Assert.Contains("content type must be one of", refused.GetProperty("detail").GetString());

        var batchId = accepted.GetProperty("batch_id").GetGuid();
        var batch = await client.WaitForEndAsync(batchId, expectArchive: true, timeout);
        Assert.Equal("PARTIAL", batch.GetProperty("status").GetString());
        Assert.Equal((4, 3, 1), (batch.GetProperty("total").GetInt32(), batch.GetProperty("completed").GetInt32(), batch.GetProperty("failed").GetInt32()));
        var jobs = batch.GetProperty("jobs").EnumerateArray().ToList();
        Assert.Equal(jobIds, jobs.Select(j => j.GetProperty("job_id").GetGuid()));
        Assert.Equal(["coffee.png", "storm-exif-lens.jpg", "damaged.png", "coffee.png"], jobs.Select(j => j.GetProperty("file_name").GetString()));
        Assert.Equal(["COMPLETED", "COMPLETED", "FAILED", "COMPLETED"], jobs.Select(j => j.GetProperty("status").GetString()));

        // The ZIP: a folder per file that produced something, in file order, the second coffee as "coffee (2)".
        using var download = await client.DownloadAsync(batch.GetProperty("archive_url").GetString()!);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal($"pixtools_batch_{batchId}.zip", download.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        using var zip = new ZipArchive(new MemoryStream(await download.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        Assert.Equal(
            ["coffee/pixtools_webp_coffee.webp", "storm-exif-lens/pixtools_webp_storm-exif-lens.webp", "coffee (2)/pixtools_webp_coffee.webp"],
            zip.Entries.Select(e => e.FullName));
        foreach (var entry in zip.Entries)
        {
            await using var webp = entry.Open();
            var head = new byte[12];
            await webp.ReadExactlyAsync(head);
            Assert.Equal("WEBP", Encoding.ASCII.GetString(head, 8, 4));
        }

        // One webhook for the batch, with the batch's view; none arrives for its jobs, even given time to.
        var received = Assert.Single(await receiver.WaitForAsync(1, timeout));
        if (signingSecret is not null) new StandardWebhooks.StandardWebhook(signingSecret).Verify(received.Body, received.Headers);
        Assert.Equal($"msg_batch_{batchId:N}_PARTIAL", received.Headers["webhook-id"].ToString());
        var payload = JsonDocument.Parse(received.Body).RootElement;
        Assert.Equal(batchId, payload.GetProperty("batch_id").GetGuid());
        Assert.Equal("PARTIAL", payload.GetProperty("status").GetString());
        Assert.Equal(4, payload.GetProperty("jobs").GetArrayLength());
        Assert.Equal(JsonValueKind.String, payload.GetProperty("archive_url").ValueKind);
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Single(receiver.Received);
        foreach (var jobId in jobIds)
        {
            using var deliveries = await client.Http.GetAsync($"/api/jobs/{jobId}/webhook-deliveries");
            var listing = JsonDocument.Parse(await deliveries.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(0, listing.GetProperty("deliveries").GetArrayLength());
        }
    }

    /// <summary>The same Idempotency-Key, sent four times at once, makes one batch; the key with other files is a 422.</summary>
    public static async Task SameKeyAnswersWithTheSameBatchAsync(BatchClient client, TimeSpan timeout)
    {
        var key = Guid.NewGuid().ToString();
        BatchFile[] files = [BatchFile.Photo("rocket-orient6.jpg"), BatchFile.Photo("camera-gray.png"), NotAnImage];
        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.SubmitAsync(files, "[\"webp\"]", idempotencyKey: key)));
        Assert.Single(answers.Select(a => a.GetProperty("batch_id").GetGuid()).Distinct());
        Assert.Single(answers.Select(a => string.Join(",", a.GetProperty("job_ids").EnumerateArray().Select(j => j.GetGuid()))).Distinct());
        Assert.All(answers, a => Assert.Equal("notes.txt", Assert.Single(a.GetProperty("refused").EnumerateArray()).GetProperty("file_name").GetString()));
        var batchId = answers[0].GetProperty("batch_id").GetGuid();
        Assert.Equal("COMPLETED", (await client.WaitForEndAsync(batchId, expectArchive: true, timeout)).GetProperty("status").GetString());

        // Retried after the end: the same batch, its status now.
        var replay = await client.SubmitAsync(files, "[\"webp\"]", idempotencyKey: key);
        Assert.Equal(batchId, replay.GetProperty("batch_id").GetGuid());
        Assert.Equal("COMPLETED", replay.GetProperty("status").GetString());

        using var other = await client.PostAsync([BatchFile.Photo("coffee.png")], "[\"webp\"]", idempotencyKey: key);
        await SubmitValidationTests.AssertProblemAsync(other, 422, "was already used with a different request");
    }

    /// <summary>Every file refused: 422 naming each file's reason, and nothing stored.</summary>
    public static async Task AllFilesRefusedIsA422WithTheReasonsAsync(BatchClient client)
    {
        using var response = await client.PostAsync(
            [NotAnImage, new BatchFile("fake.png", Encoding.UTF8.GetBytes("plain text pretending"), "image/png")], "[\"webp\"]");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, body);
        var problem = JsonDocument.Parse(body).RootElement;
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("none of the 2 files was accepted", detail);
        Assert.Contains("notes.txt: file content type must be one of", detail);
        Assert.Contains("fake.png: file bytes are not a", detail);
        Assert.Equal(["notes.txt", "fake.png"], problem.GetProperty("refused").EnumerateArray().Select(r => r.GetProperty("file_name").GetString()));

        using var none = await client.PostAsync([], "[\"webp\"]");
        await SubmitValidationTests.AssertProblemAsync(none, 422, "file is required");

        // Files under a name that is neither file nor one of its list spellings: the refusal names the field used.
        using var misnamed = await client.PostAsync([BatchFile.Photo("rocket-orient6.jpg")], "[\"webp\"]", fieldName: "image");
        await SubmitValidationTests.AssertProblemAsync(misnamed, 422, "the image must be sent in the form field named file, and this request sent it in a field named 'image'");
    }

    /// <summary>
    /// One recipe for a folder of JPEGs and PNGs: "same" with a quality recompresses each JPEG at it and writes each PNG
    /// as a PNG (a PNG has no quality), instead of refusing the PNGs.
    /// </summary>
    public static async Task SameWithAQualityServesEveryFormatOfABatchAsync(BatchClient client, TimeSpan timeout)
    {
        var batch = await client.SubmitAsync([BatchFile.Photo("rocket-orient6.jpg"), BatchFile.Photo("chelsea-exif.png")], "",
            outputs: "[{\"name\":\"small\",\"format\":\"same\",\"quality\":60,\"resize\":{\"width\":200}}]");
        Assert.Empty(batch.GetProperty("refused").EnumerateArray());
        var ended = await client.WaitForEndAsync(batch.GetProperty("batch_id").GetGuid(), expectArchive: true, timeout);
        Assert.Equal("COMPLETED", ended.GetProperty("status").GetString());
        var results = new List<(string, int?)>();
        foreach (var id in batch.GetProperty("job_ids").EnumerateArray())
        {
            using var poll = await client.Http.GetAsync($"/api/jobs/{id.GetGuid()}");
            var small = JsonDocument.Parse(await poll.Content.ReadAsStringAsync()).RootElement.GetProperty("results").GetProperty("small");
            results.Add((small.GetProperty("format").GetString()!, small.TryGetProperty("quality", out var q) && q.ValueKind == JsonValueKind.Number ? q.GetInt32() : null));
        }
        Assert.Equal([("jpg", 60), ("png", null)], results);
    }

    /// <summary>What list-of-files clients send (files, files[], file[]) is taken as the file parts.</summary>
    public static async Task FilesUnderTheirListNamesAreTakenAsync(BatchClient client, TimeSpan timeout)
    {
        foreach (var field in new[] { "files", "files[]", "file[]" })
        {
            var batch = await client.SubmitAsync([BatchFile.Photo("rocket-orient6.jpg"), BatchFile.Photo("chelsea-exif.png")], "[\"webp\"]", fieldName: field);
            Assert.Equal(2, batch.GetProperty("job_ids").GetArrayLength());
            Assert.Empty(batch.GetProperty("refused").EnumerateArray());
            var ended = await client.WaitForEndAsync(batch.GetProperty("batch_id").GetGuid(), expectArchive: true, timeout);
            Assert.Equal("COMPLETED", ended.GetProperty("status").GetString());
        }
    }

    /// <summary>Past the file count or the byte total: 413.</summary>
    public static async Task LimitsRefuseTheWholeBatchAsync(BatchClient client)
    {
        var small = BatchFile.Photo("rocket-orient6.jpg");
        using var tooMany = await client.PostAsync(Enumerable.Repeat(small, MaxFiles + 1), "[\"webp\"]");
        await SubmitValidationTests.AssertProblemAsync(tooMany, 413, $"A batch may carry at most {MaxFiles} files; send the others in another batch.");

        var big = BatchFile.Photo("storm-exif-lens.jpg");
        using var tooBig = await client.PostAsync(Enumerable.Repeat(big, 5), "[\"webp\"]");
        await SubmitValidationTests.AssertProblemAsync(tooBig, 413, "The files of a batch may add up to at most 3,000,000 bytes; send them in smaller batches.");

        // Files over the per-file limit count towards the total as they are read past (the body's declared length is
        // under the cap plus the room for the form, so the refusal comes while reading).
        using var oversizeTotal = await client.PostAsync([big, Oversize("a.jpg"), Oversize("b.jpg")], "[\"webp\"]");
        await SubmitValidationTests.AssertProblemAsync(oversizeTotal, 413, "The files of a batch may add up to at most");
    }

    /// <summary>A JPEG's bytes padded past the per-file limit: readable as a JPEG, refused for its size alone.</summary>
    public static BatchFile Oversize(string name)
    {
        var bytes = new byte[MaxUploadBytes + 200_000];
        TestPhotos.Read("rocket-orient6.jpg").CopyTo(bytes, 0);
        return new(name, bytes, "image/jpeg");
    }

    /// <summary>
    /// A file over the per-file limit fails alone: listed in <c>refused</c> with a sentence naming its size and the limit,
    /// read past without being stored, and the other files make the batch. The same file alone is a 413 with that reason.
    /// </summary>
    public static async Task OversizeFileIsRefusedAloneAsync(BatchClient client, TimeSpan timeout)
    {
        var huge = Oversize("huge.jpg");
        Assert.True(huge.Bytes.Length > MaxUploadBytes);
        var accepted = await client.SubmitAsync([BatchFile.Photo("rocket-orient6.jpg"), huge, BatchFile.Photo("camera-gray.png")], "[\"webp\"]");
        Assert.Equal(2, accepted.GetProperty("job_ids").GetArrayLength());
        var refused = Assert.Single(accepted.GetProperty("refused").EnumerateArray());
        Assert.Equal("huge.jpg", refused.GetProperty("file_name").GetString());
        Assert.Equal($"This file is {huge.Bytes.Length:N0} bytes, larger than the limit of 1 MiB for one file; it was not stored.", refused.GetProperty("detail").GetString());

        var batch = await client.WaitForEndAsync(accepted.GetProperty("batch_id").GetGuid(), expectArchive: true, timeout);
        Assert.Equal("COMPLETED", batch.GetProperty("status").GetString());
        Assert.Equal(["rocket-orient6.jpg", "camera-gray.png"], batch.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("file_name").GetString()));

        using var alone = await client.PostAsync([huge], "[\"webp\"]");
        await SubmitValidationTests.AssertProblemAsync(alone, 413, "larger than the limit of 1 MiB for one file");
        var body = JsonDocument.Parse(await alone.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("huge.jpg", Assert.Single(body.GetProperty("refused").EnumerateArray()).GetProperty("file_name").GetString());
    }

    /// <summary>GET /api/capabilities states the batch limits beside the job limits.</summary>
    public static async Task CapabilitiesStateTheBatchLimitsAsync(BatchClient client)
    {
        using var response = await client.Http.GetAsync("/api/capabilities");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var capabilities = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(MaxFiles, capabilities.GetProperty("max_batch_files").GetInt32());
        Assert.Equal(MaxBytes, capabilities.GetProperty("max_batch_bytes").GetInt64());
        Assert.Equal(MaxUploadBytes, capabilities.GetProperty("max_upload_bytes").GetInt64());
    }

    /// <summary>GET /api/batches/{id}/events: the batch's JSON on each change, ending COMPLETED with the ZIP, then end.</summary>
    public static async Task EventsFollowTheBatchToItsEndAsync(BatchClient client, TimeSpan timeout)
    {
        var accepted = await client.SubmitAsync([BatchFile.Photo("rocket-orient6.jpg"), BatchFile.Photo("camera-gray.png")], "[\"webp\",\"metadata\"]");
        Assert.True(accepted.GetProperty("job_ids").GetArrayLength() == 2, accepted.ToString());
        var batchId = accepted.GetProperty("batch_id").GetGuid();
        using var response = await client.Http.GetAsync($"/api/batches/{batchId}/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = await ServerSentEvents.ReadAsync(response, timeout);

        Assert.Equal("end", events[^1].Name);
        var batches = events.Where(e => e.Name == "batch").Select(e => JsonDocument.Parse(e.Data).RootElement).ToList();
        Assert.NotEmpty(batches);
        Assert.All(batches, b => Assert.Equal(batchId, b.GetProperty("batch_id").GetGuid()));
        var last = batches[^1];
        Assert.Equal("COMPLETED", last.GetProperty("status").GetString());
        Assert.Equal(2, last.GetProperty("completed").GetInt32());
        Assert.Equal(JsonValueKind.String, last.GetProperty("archive_url").ValueKind);
        Assert.True(batches.Count <= 10, $"{batches.Count} events for a two-file batch");

        using var malformed = await client.Http.GetAsync("/api/batches/not-a-uuid/events");
        await SubmitValidationTests.AssertProblemAsync(malformed, 400, "batch_id must be a UUID");
        using var unknown = await client.Http.GetAsync($"/api/batches/{Guid.NewGuid()}");
        await SubmitValidationTests.AssertProblemAsync(unknown, 404, "was not found");
    }
}
