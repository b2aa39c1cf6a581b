using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using PixTools.Cli.Requests;

namespace PixTools.Cli.Client;

/// <summary>
/// The HTTP side of the client: submit with an Idempotency-Key, poll a job until it ends, download results.
/// Every request is retried after Retry-After when the server answers 503 or 429, and a few times when the
/// server cannot be reached at all; a submission's retry carries the same key, so it never makes a second job.
/// </summary>
public sealed class PixToolsClient : IDisposable
{
    private const int MaxBusyRetries = 50;
    private const int MaxConnectRetries = 4;
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan LongestPoll = TimeSpan.FromMilliseconds(500);

    private readonly HttpClient http;
    private readonly ServerConnection server;
    private int retries;

    public PixToolsClient(ServerConnection server)
    {
        this.server = server;
        http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = TimeSpan.FromMinutes(5),
        };
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("pixtools-cli", typeof(PixToolsClient).Assembly.GetName().Version?.ToString(3)));
    }

    /// <summary>How many times a request was sent again after a busy answer or a lost connection.</summary>
    public int Retries => retries;

    /// <summary>Told (with a sentence) whenever a request is retried.</summary>
    public event Action<string>? Retrying;

    public Uri BaseAddress => server.BaseAddress;

    /// <summary>POST /api/process; returns the job id (an earlier job's id when the key was seen before).</summary>
    public async Task<Guid> SubmitAsync(byte[] file, string fileName, string contentType, SubmitPlan plan, string idempotencyKey, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() =>
        {
            var form = new MultipartFormDataContent();
            var fileContent = new ByteArrayContent(file);
            fileContent.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            form.Add(fileContent, "file", fileName);
            foreach (var (name, value) in plan.Fields) form.Add(new StringContent(value), name);
            var request = ApiRequest(HttpMethod.Post, "api/process");
            request.Content = form;
            request.Headers.Add("Idempotency-Key", idempotencyKey);
            return request;
        }, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Accepted) throw await RefusalAsync(response, "The server refused the file", cancellationToken);
        var body = await response.Content.ReadFromJsonAsync(cancellationToken);
        return body.GetProperty("job_id").GetGuid();
    }

    /// <summary>GET /api/capabilities: the most bytes one upload may have; null when the server does not say.</summary>
    public async Task<long?> MaxUploadBytesAsync(CancellationToken cancellationToken)
    {
        var (status, body) = await GetJsonAsync("api/capabilities", cancellationToken);
        return status == HttpStatusCode.OK && body.ValueKind == JsonValueKind.Object
            && body.TryGetProperty("max_upload_bytes", out var max) && max.TryGetInt64(out var bytes) ? bytes : null;
    }

    public async Task<JobState> GetJobAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var (status, body) = await GetJsonAsync($"api/jobs/{jobId}", cancellationToken);
        if (status != HttpStatusCode.OK) throw new CliException(Detail(body) ?? $"The server could not say how job {jobId} stands.");
        return JobState.From(body);
    }

    /// <summary>Polls the job, quickly at first and then every half second, until it is terminal.</summary>
    public async Task<JobState> WaitAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var delay = FirstPoll;
        while (true)
        {
            var job = await GetJobAsync(jobId, cancellationToken);
            if (job.IsTerminal) return job;
            await Task.Delay(delay, cancellationToken);
            delay = TimeSpan.FromMilliseconds(Math.Min(LongestPoll.TotalMilliseconds, delay.TotalMilliseconds * 1.5));
        }
    }

    /// <summary>GET of an API path: the status and the JSON body (default when it had none).</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> GetJsonAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => ApiRequest(HttpMethod.Get, path), cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized) throw await RefusalAsync(response, "The server refused the API key", cancellationToken);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync(cancellationToken));
    }

    /// <summary>Downloads a result into <paramref name="destination"/> (written beside it first, then moved); returns its size.</summary>
    public async Task<long> DownloadAsync(string url, string destination, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, new Uri(server.BaseAddress, url)), cancellationToken);
        if (!response.IsSuccessStatusCode) throw await RefusalAsync(response, "A result could not be downloaded", cancellationToken);
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        var partial = destination + ".part";
        await using (var file = File.Create(partial))
        {
            await response.Content.CopyToAsync(file, cancellationToken);
        }
        File.Move(partial, destination, overwrite: true);
        return new FileInfo(destination).Length;
    }

    public void Dispose() => http.Dispose();

    private HttpRequestMessage ApiRequest(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(server.BaseAddress, path));
        if (server.ApiKey is { } key) request.Headers.Add("X-API-Key", key);
        return request;
    }

    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> makeRequest, CancellationToken cancellationToken)
    {
        var busy = 0;
        var unreachable = 0;
        while (true)
        {
            using var request = makeRequest();
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            }
            catch (HttpRequestException e) when (unreachable < MaxConnectRetries)
            {
                unreachable++;
                var wait = TimeSpan.FromMilliseconds(500 * (1 << (unreachable - 1)));
                Retried($"The server at {server.BaseAddress} could not be reached ({e.Message}); trying again in {wait.TotalSeconds:0.#} s.");
                await Task.Delay(wait, cancellationToken);
                continue;
            }
            catch (HttpRequestException e)
            {
                throw new CliException($"The server at {server.BaseAddress} could not be reached: {e.Message}", fatal: true);
            }
            if (response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests && busy < MaxBusyRetries)
            {
                busy++;
                var wait = RetryAfter(response);
                var why = response.StatusCode == HttpStatusCode.TooManyRequests ? "The server asks this client to slow down" : "The server is busy";
                response.Dispose();
                Retried($"{why}; sending again in {wait.TotalSeconds:0.#} s.");
                await Task.Delay(wait, cancellationToken);
                continue;
            }
            return response;
        }
    }

    private void Retried(string sentence)
    {
        Interlocked.Increment(ref retries);
        Retrying?.Invoke(sentence);
    }

    /// <summary>Retry-After as seconds or a date; one second when absent, at most a minute.</summary>
    private static TimeSpan RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow : TimeSpan.FromSeconds(1));
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxRetryAfter ? MaxRetryAfter : wait;
    }

    private static async Task<CliException> RefusalAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var detail = Detail(await response.Content.ReadFromJsonAsync(cancellationToken));
        var fatal = response.StatusCode == HttpStatusCode.Unauthorized;
        return new CliException(detail is null ? $"{what} (HTTP {(int)response.StatusCode})." : $"{what}: {detail}", fatal);
    }

    /// <summary>The <c>detail</c> of a problem answer.</summary>
    private static string? Detail(JsonElement body) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String ? detail.GetString() : null;
}
