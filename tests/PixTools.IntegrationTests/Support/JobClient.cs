using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace PixTools.IntegrationTests.Support;

/// <summary>Submits jobs and polls them through the real HTTP pipeline.</summary>
public sealed class JobClient(HttpClient http)
{
    public HttpClient Http => http;

    public static MultipartFormDataContent Form(byte[]? file, string fileName, string? contentType, string? operations,
        string? operationParams = null, string? webhookUrl = null)
    {
        var form = new MultipartFormDataContent();
        if (file is not null)
        {
            var part = new ByteArrayContent(file);
            if (contentType is not null) part.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            form.Add(part, "file", fileName);
        }
        if (operations is not null) form.Add(new StringContent(operations), "operations");
        if (operationParams is not null) form.Add(new StringContent(operationParams), "operation_params");
        if (webhookUrl is not null) form.Add(new StringContent(webhookUrl), "webhook_url");
        return form;
    }

    public Task<HttpResponseMessage> PostAsync(MultipartFormDataContent form, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/process") { Content = form };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return http.SendAsync(request);
    }

    /// <summary>Submits a photo and returns the job id, asserting 202.</summary>
    public async Task<Guid> SubmitAsync(string photo, string operations, string? operationParams = null, string? webhookUrl = null, string? fileName = null)
    {
        var bytes = TestPhotos.Read(photo);
        var contentType = photo.EndsWith(".png", StringComparison.Ordinal) ? "image/png" : "image/jpeg";
        using var response = await PostAsync(Form(bytes, fileName ?? photo, contentType, operations, operationParams, webhookUrl));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"expected 202, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("job_id").GetGuid();
    }

    public async Task<JsonElement> GetJobAsync(Guid jobId)
    {
        using var response = await http.GetAsync($"/api/jobs/{jobId}");
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>Polls GET /api/jobs/{id}/webhook-deliveries until <paramref name="count"/> attempts are listed and the job's webhook has ended.</summary>
    public async Task<JsonElement> WaitForWebhookAttemptsAsync(Guid jobId, int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            using var response = await http.GetAsync($"/api/jobs/{jobId}/webhook-deliveries");
            response.EnsureSuccessStatusCode();
            var listing = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            var attempts = listing.GetProperty("deliveries").GetArrayLength();
            if (attempts >= count) return listing;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"job {jobId} has {attempts} of {count} webhook attempts after the deadline: {listing}");
            await Task.Delay(50);
        }
    }

    /// <summary>Polls until the job's <c>archive_url</c> is there (the ZIP is an end step, after the terminal status).</summary>
    public async Task<JsonElement> WaitForArchiveAsync(Guid jobId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var job = await GetJobAsync(jobId);
            if (job.GetProperty("archive_url").ValueKind == JsonValueKind.String) return job;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"job {jobId} has no archive_url after the deadline: {job}");
            await Task.Delay(50);
        }
    }

    /// <summary>Polls until the job has <paramref name="status"/> (a webhook failure comes after COMPLETED).</summary>
    public async Task<JsonElement> WaitForStatusAsync(Guid jobId, string status, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var job = await GetJobAsync(jobId);
            if (job.GetProperty("status").GetString() == status) return job;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"job {jobId} is not {status} after the deadline: {job}");
            await Task.Delay(50);
        }
    }

    /// <summary>Polls until the job is terminal or the deadline passes (never a fixed sleep).</summary>
    public async Task<JsonElement> WaitForTerminalAsync(Guid jobId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var job = await GetJobAsync(jobId);
            var status = job.GetProperty("status").GetString();
            if (status is "COMPLETED" or "FAILED" or "COMPLETED_WEBHOOK_FAILED") return job;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"job {jobId} still {status} after the deadline: {job}");
            await Task.Delay(50);
        }
    }
}
