using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace PixTools.Bench;

/// <summary>What one POST /api/process answered: status, time to answer, the job (202) and Retry-After (503/429).</summary>
internal sealed record SubmitAnswer(int Status, double Ms, Guid? JobId, TimeSpan? RetryAfter, string? Problem = null);

/// <summary>
/// One simulated client of <c>load</c> and <c>chaos</c>: its own address (sent as X-Forwarded-For; the servers are
/// started with 127.0.0.1 as a known proxy, so each client has its own rate-limit bucket as real clients would) over
/// a shared HttpClient.
/// </summary>
internal sealed class LoadClient(HttpClient http, string address)
{
    public string Address => address;

    public async Task<SubmitAnswer> SubmitAsync(Photo photo, string operationsJson, string? idempotencyKey = null)
    {
        using var form = photo.UploadForm(operationsJson);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/process") { Content = form };
        request.Headers.Add("X-Forwarded-For", address);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var ms = clock.Elapsed.TotalMilliseconds;
            Guid? id = response.StatusCode == HttpStatusCode.Accepted ? JsonDocument.Parse(body).RootElement.GetProperty("job_id").GetGuid() : null;
            return new SubmitAnswer((int)response.StatusCode, ms, id, response.Headers.RetryAfter?.Delta, id is null ? body : null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return new SubmitAnswer(0, clock.Elapsed.TotalMilliseconds, null, null);
        }
    }

    /// <summary>
    /// Submits until a 202, waiting Retry-After (else 1 s) after a 503, a 429 or no answer; any other answer is a fault
    /// of the bench (its request is wrong), so it stops the run instead of retrying for ever.
    /// </summary>
    public async Task<SubmitAnswer> SubmitUntilAcceptedAsync(Photo photo, string operationsJson, string? idempotencyKey = null, Action<SubmitAnswer>? seen = null)
    {
        while (true)
        {
            var answer = await SubmitAsync(photo, operationsJson, idempotencyKey);
            seen?.Invoke(answer);
            if (answer.JobId is not null) return answer;
            if (answer.Status is not (0 or 503 or 429))
            {
                throw new InvalidOperationException($"POST /api/process answered {answer.Status} for {photo.Name} -> {operationsJson}: {answer.Problem}");
            }
            await Task.Delay(answer.RetryAfter ?? TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>The job's status, or null when the poll itself failed (a 503 during an outage, a refused connection).</summary>
    public static async Task<(string? Status, bool HasArchive)> PollAsync(HttpClient http, Guid id)
    {
        try
        {
            using var response = await http.GetAsync($"/api/jobs/{id}");
            if (!response.IsSuccessStatusCode) return (null, false);
            var job = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            return (job.GetProperty("status").GetString(), job.TryGetProperty("archive_url", out var archive) && archive.ValueKind == JsonValueKind.String);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return (null, false);
        }
    }

    public static HttpClient NewHttp(Uri baseAddress) => new(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(60),
        DefaultRequestHeaders = { Accept = { new MediaTypeWithQualityHeaderValue("application/json") } },
    };
}
