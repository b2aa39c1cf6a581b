using System.Diagnostics;
using System.Net;
using System.Text.Json;
using PixTools.IntegrationTests.Support;

namespace PixTools.IntegrationTests;

/// <summary>API.md's validation table through the real HTTP pipeline: each row's status and a detail naming the field.</summary>
public sealed class SubmitValidationTests(PixToolsApp app) : IClassFixture<PixToolsApp>
{
    private readonly JobClient client = new(app.CreateClient());
    private static readonly byte[] Jpeg = TestPhotos.Read("storm-exif-lens.jpg");
    private static readonly byte[] Png = TestPhotos.Read("coffee.png");

    public static TheoryData<string, string?, string?, int, string> Rows => new()
    {
        // operations field, operation_params, expected status, words the detail must contain
        { "missing operations", null, null, 422, "operations is required" },
        { "not json", "webp", null, 422, "operations" },
        { "not an array", "{\"webp\":1}", null, 422, "operations" },
        { "empty", "[]", null, 422, "operations" },
        { "unknown name", "[\"gif\"]", null, 422, "gif" },
        { "duplicate", "[\"webp\",\"webp\"]", null, 422, "webp" },
        { "same format", "[\"jpg\"]", null, 422, "jpg" },
        { "params not an object", "[\"webp\"]", "[1]", 422, "operation_params" },
        { "quality out of range", "[\"webp\"]", "{\"webp\":{\"quality\":0}}", 422, "operation_params.webp.quality" },
        { "quality fraction", "[\"webp\"]", "{\"webp\":{\"quality\":75.5}}", 422, "operation_params.webp.quality" },
        { "quality on png", "[\"png\"]", "{\"png\":{\"quality\":80}}", 422, "quality" },
        { "params for absent op", "[\"webp\"]", "{\"avif\":{\"quality\":80}}", 422, "avif" },
        { "unknown param", "[\"webp\"]", "{\"webp\":{\"sharpen\":1}}", 422, "sharpen" },
        { "resize without sides", "[\"webp\"]", "{\"webp\":{\"resize\":{}}}", 422, "resize" },
        { "resize over limit", "[\"webp\"]", "{\"webp\":{\"resize\":{\"width\":9000}}}", 422, "9000" },
        { "bad fit", "[\"webp\"]", "{\"webp\":{\"resize\":{\"width\":10,\"height\":10,\"fit\":\"stretch\"}}}", 422, "stretch" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task RefusesBadOperationsAndParams(string row, string? operations, string? operationParams, int status, string detailMentions)
    {
        using var response = await client.PostAsync(JobClient.Form(Jpeg, "storm.jpg", "image/jpeg", operations, operationParams));
        await AssertProblemAsync(response, status, detailMentions, row);
    }

    [Fact]
    public async Task RefusesATiffLibvipsCannotReadWithAPlainReasonNotAServerError()
    {
        // 8-bit CIELab, as ImageMagick writes it: the header read fails. It was a 500 (the TIFF loader's error lines had
        // no entry in the reason filter); a TIFF is refused as any other unreadable upload, before it is stored.
        var lab = File.ReadAllBytes(Path.Combine(RepositoryPaths.Root, "tests", "testdata", "inputs", "coffee-cielab.tif"));
        using var response = await client.PostAsync(JobClient.Form(lab, "scan.tif", "image/tiff", "[\"jpg\"]"));
        await AssertProblemAsync(response, 400,
            "file is not a valid tiff image: its colours are stored as CIELab in a layout this server cannot read; save it as RGB");
    }

    [Fact]
    public async Task ReadsTextFieldsSentFromFilesWithAByteOrderMark()
    {
        // curl -F 'outputs=<outputs.json' of a file saved by a Windows editor or PowerShell: UTF-8 with a byte-order mark.
        var form = JobClient.Form(Png, "coffee.png", "image/png", null);
        byte[] bom = [0xEF, 0xBB, 0xBF];
        form.Add(new ByteArrayContent([.. bom, .. """[{"name":"small","format":"webp","resize":{"width":60}}]"""u8.ToArray()]), "outputs");
        using var response = await client.PostAsync(form);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var oldForm = JobClient.Form(Png, "coffee.png", "image/png", null);
        oldForm.Add(new ByteArrayContent([.. bom, .. "[\"webp\"]"u8.ToArray()]), "operations");
        oldForm.Add(new ByteArrayContent([.. bom, .. "{\"webp\":{\"quality\":70}}"u8.ToArray()]), "operation_params");
        using var oldResponse = await client.PostAsync(oldForm);
        Assert.True(oldResponse.StatusCode == HttpStatusCode.Accepted, await oldResponse.Content.ReadAsStringAsync());

        var oversized = JobClient.Form(Png, "coffee.png", "image/png", "[" + string.Concat(Enumerable.Repeat("\"webp\",", 10_000)) + "\"webp\"]");
        using var tooLong = await client.PostAsync(oversized);
        await AssertProblemAsync(tooLong, 422, "operations must be at most 64 KiB");
    }

    [Fact]
    public async Task RefusesAThreadOfAPictureLongerThanTheSideLimit()
    {
        // 1 x 100,000 is 0.1 MP, far within the pixel limit, and a few hundred bytes; its rows are what cost.
        using var response = await client.PostAsync(JobClient.Form(CraftedImages.PngBomb(1, 100_000), "thread.png", "image/png", "[\"webp\"]"));
        await AssertProblemAsync(response, 422, "This image is 1 × 100,000 pixels; a side may be at most 65,535 pixels.");
    }

    [Fact]
    public async Task RefusesAMissingFile()
    {
        using var response = await client.PostAsync(JobClient.Form(null, "", null, "[\"webp\"]"));
        await AssertProblemAsync(response, 422, "file is required");
    }

    [Fact]
    public async Task RefusesAFieldSentTwiceInsteadOfKeepingTheLast()
    {
        var form = JobClient.Form(Jpeg, "storm.jpg", "image/jpeg", "[\"webp\"]");
        form.Add(new StringContent("[\"avif\"]"), "operations");
        using var response = await client.PostAsync(form);
        await AssertProblemAsync(response, 422, "operations must be given once, as one JSON array of every operation wanted (e.g. [\"webp\",\"avif\"]); this request sent the field more than once");
    }

    /// <summary>What ASP.NET Core answers by itself (wrong body type, method, address) still says in a sentence what went wrong.</summary>
    [Fact]
    public async Task ProblemsAnsweredBeforeAnyEndpointCarryASentence()
    {
        using var json = await client.Http.PostAsync("/api/process", new StringContent("{\"operations\":[\"webp\"]}", System.Text.Encoding.UTF8, "application/json"));
        await AssertProblemAsync(json, 415, "The request must be sent as multipart/form-data (the image in a field named file, with operations or outputs), not as application/json.");

        using var put = await client.Http.PutAsync("/api/process", new StringContent(""));
        await AssertProblemAsync(put, 405, "This address does not take PUT requests; it takes POST.");

        using var nowhere = await client.Http.GetAsync("/api/nothing-here");
        await AssertProblemAsync(nowhere, 404, "There is nothing at this address; the API's addresses are listed at /docs.");
    }

    [Fact]
    public async Task AMultipartBodyCutShortOrWithoutABoundarySaysSoInASentence()
    {
        // The framework said "Unexpected end of Stream, the content may have already been read by another component."
        var cut = new ByteArrayContent("--XYZ\r\nContent-Disposition: form-data; name=\"operations\"\r\n\r\n[\"webp\"]\r\n--XYZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n\u0089PNG"u8.ToArray());
        cut.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=XYZ");
        using var response = await client.Http.PostAsync("/api/process", cut);
        await AssertProblemAsync(response, 400, "the multipart body ends before its closing boundary: the upload was cut short, or its parts are not separated by the boundary the Content-Type header names");

        var noBoundary = new ByteArrayContent("abc"u8.ToArray());
        noBoundary.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data");
        using var refused = await client.Http.PostAsync("/api/process", noBoundary);
        await AssertProblemAsync(refused, 422, "The request must be sent as multipart/form-data with a boundary (the image in a field named file, with operations or outputs).");

        var batchWithoutBoundary = new ByteArrayContent("abc"u8.ToArray());
        batchWithoutBoundary.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data");
        using var batch = await client.Http.PostAsync("/api/batches", batchWithoutBoundary);
        await AssertProblemAsync(batch, 422, "The request must be sent as multipart/form-data with a boundary (the images in fields named files, with operations or outputs).");
    }

    [Fact]
    public async Task NamesTheFieldAFileWasSentInInstead()
    {
        var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(Jpeg);
        part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/jpeg");
        form.Add(part, "image", "storm.jpg");
        form.Add(new StringContent("[\"webp\"]"), "operations");
        using var response = await client.PostAsync(form);
        await AssertProblemAsync(response, 422, "file is required: the image must be sent in the form field named file, and this request sent it in a field named 'image'");
    }

    [Theory]
    [InlineData("ftp://example.com/hook")]
    [InlineData("not a url")]
    [InlineData("/relative/path")]
    public async Task RefusesAWebhookUrlThatIsNotAbsoluteHttp(string url)
    {
        using var response = await client.PostAsync(JobClient.Form(Jpeg, "storm.jpg", "image/jpeg", "[\"webp\"]", webhookUrl: url));
        await AssertProblemAsync(response, 422, "webhook_url");
    }

    [Fact]
    public async Task RefusesAGifSentAsJpeg()
    {
        using var response = await client.PostAsync(JobClient.Form(CraftedImages.Gif(), "x.jpg", "image/jpeg", "[\"webp\"]"));
        await AssertProblemAsync(response, 400, "image/jpeg");
    }

    [Fact]
    public async Task RefusesAContentTypeOutsideTheFour()
    {
        using var response = await client.PostAsync(JobClient.Form(Jpeg, "storm.jpg", "text/plain", "[\"webp\"]"));
        await AssertProblemAsync(response, 400, "text/plain");
    }

    [Fact]
    public async Task RefusesBytesThatDisagreeWithTheirContentType()
    {
        using var response = await client.PostAsync(JobClient.Form(Png, "coffee.jpg", "image/jpeg", "[\"webp\"]"));
        await AssertProblemAsync(response, 400, "image/png");
    }

    [Fact]
    public async Task RefusesADecompressionBombFromItsHeaderAlone()
    {
        var bomb = CraftedImages.PngBomb(60000, 60000);
        var watch = Stopwatch.StartNew();
        using var response = await client.PostAsync(JobClient.Form(bomb, "bomb.png", "image/png", "[\"webp\"]"));
        watch.Stop();
        await AssertProblemAsync(response, 422, "60,000 × 60,000 pixels; the limit is 100 megapixels.");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"the bomb took {watch.Elapsed} to refuse");
    }

    [Fact]
    public async Task RefusesAFileOverTheSizeLimitWhileStreaming()
    {
        var big = new byte[10 * 1024 * 1024 + 1];
        Jpeg.CopyTo(big, 0);
        var form = JobClient.Form(big, "big.jpg", "image/jpeg", "[\"webp\"]");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/process") { Content = form };
        request.Headers.TransferEncodingChunked = true;
        using var response = await client.Http.SendAsync(request);
        await AssertProblemAsync(response, 413, "10 MiB");
    }

    [Fact]
    public async Task AnswersProblemJsonWithTheRequestId()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/process") { Content = JobClient.Form(Jpeg, "storm.jpg", "image/jpeg", "[]") };
        request.Headers.Add("X-Request-ID", "req-validation-1");
        using var response = await client.Http.SendAsync(request);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("req-validation-1", response.Headers.GetValues("X-Request-ID").Single());
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("req-validation-1", body.GetProperty("request_id").GetString());
    }

    internal static async Task AssertProblemAsync(HttpResponseMessage response, int status, string detailMentions, string? because = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"{because}: expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var detail = JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString()!;
        Assert.Contains(detailMentions, detail, StringComparison.OrdinalIgnoreCase);
    }
}
