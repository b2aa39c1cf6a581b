using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace PixTools.IntegrationTests.Batches;

/// <summary>One file part of a batch upload.</summary>
public sealed record BatchFile(string FileName, byte[] Bytes, string ContentType)
{
    public static BatchFile Photo(string photo, string? fileName = null) =>
        new(fileName ?? photo, TestPhotos.Read(photo), photo.EndsWith(".png", StringComparison.Ordinal) ? "image/png" : "image/jpeg");
}

/// <summary>Submits batches and polls them through the real HTTP pipeline.</summary>
public sealed class BatchClient(HttpClient http)
{
    public HttpClient Http => http;

    public async Task<HttpResponseMessage> PostAsync(IEnumerable<BatchFile> files, string operations, string? webhookUrl = null, string? idempotencyKey = null, string fieldName = "file", string? outputs = null)
    {
        var form = new MultipartFormDataContent();
        foreach (var file in files)
        {
            var part = new ByteArrayContent(file.Bytes);
            part.Headers.ContentType = MediaTypeHeaderValue.Parse(file.ContentType);
            form.Add(part, fieldName, file.FileName);
        }
        if (operations.Length > 0) form.Add(new StringContent(operations), "operations");
        if (outputs is not null) form.Add(new StringContent(outputs), "outputs");
        if (webhookUrl is not null) form.Add(new StringContent(webhookUrl), "webhook_url");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/batches") { Content = form };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await http.SendAsync(request);
    }

    /// <summary>Submits and returns the 202 body, asserting the status.</summary>
    public async Task<JsonElement> SubmitAsync(IEnumerable<BatchFile> files, string operations, string? webhookUrl = null, string? idempotencyKey = null, string fieldName = "file", string? outputs = null)
    {
        using var response = await PostAsync(files, operations, webhookUrl, idempotencyKey, fieldName, outputs);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"expected 202, got {(int)response.StatusCode}: {body}");
        var json = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal($"/api/batches/{json.GetProperty("batch_id").GetGuid()}", response.Headers.Location?.ToString());
        return json;
    }

    public async Task<JsonElement> GetAsync(Guid batchId)
    {
        using var response = await http.GetAsync($"/api/batches/{batchId}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET batch answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Polls until every job is terminal and the ZIP (when there will be one) is ready: archive_url set, or the status says none is coming.</summary>
    public async Task<JsonElement> WaitForEndAsync(Guid batchId, bool expectArchive, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var batch = await GetAsync(batchId);
            var status = batch.GetProperty("status").GetString();
            var ended = status is "COMPLETED" or "PARTIAL" or "FAILED";
            if (ended && (!expectArchive || batch.GetProperty("archive_url").ValueKind == JsonValueKind.String)) return batch;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"batch {batchId} not ended after {timeout}: {batch}");
            await Task.Delay(100);
        }
    }

    /// <summary>Downloads a URL the server signed: through the server's client when it is its own, straight otherwise (S3).</summary>
    public async Task<HttpResponseMessage> DownloadAsync(string url)
    {
        if (http.BaseAddress is { } own && url.StartsWith(own.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal)) return await http.GetAsync(url);
        using var plain = new HttpClient();
        return await plain.GetAsync(url);
    }
}
