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
    public async Task<Guid> SubmitAsync(string photo, string operations, string? operationParams = null, string? fileName = null)
    {
        var bytes = TestPhotos.Read(photo);
        var contentType = photo.EndsWith(".png", StringComparison.Ordinal) ? "image/png" : "image/jpeg";
        using var response = await PostAsync(Form(bytes, fileName ?? photo, contentType, operations, operationParams));
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
