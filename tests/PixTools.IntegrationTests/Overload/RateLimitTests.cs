using System.Net;
using PixTools.IntegrationTests.Support;
using PixTools.Testing;

namespace PixTools.IntegrationTests.Overload;

/// <summary>
/// The per-client rate limits on real servers (real client addresses): a bucket of 2 submissions per API key, else
/// per IP; X-Forwarded-For is believed only from a configured proxy. Empty forms are used: each still spends a token
/// (the limit comes before the form is read) and answers 401 without the key, 400 with it, when let through.
/// </summary>
public sealed class RateLimitTests(RateLimitTests.Servers servers) : IClassFixture<RateLimitTests.Servers>
{
    private const string Key = "rate-limit-test-key-0123456789";
    private readonly PixToolsLauncher? behindProxy = servers.BehindProxy;
    private readonly PixToolsLauncher? direct = servers.Direct;

    /// <summary>One server that believes 127.0.0.1 as a proxy, one that believes no proxy.</summary>
    public sealed class Servers : IAsyncLifetime
    {
        private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "pixtools-ratelimit-" + Guid.NewGuid().ToString("N"));

        public PixToolsLauncher? BehindProxy { get; private set; }

        public PixToolsLauncher? Direct { get; private set; }

        public async Task InitializeAsync()
        {
            var limits = new Dictionary<string, string>
            {
                ["PIXTOOLS_RATELIMITS__SUBMITBURST"] = "2",
                ["PIXTOOLS_RATELIMITS__SUBMITSPERMINUTE"] = "1",
                ["PIXTOOLS_RATELIMITS__DOWNLOADBURST"] = "1",
                ["PIXTOOLS_RATELIMITS__DOWNLOADSPERMINUTE"] = "1",
                ["PIXTOOLS_API__APIKEY"] = Key,
            };
            var proxied = new Dictionary<string, string>(limits) { ["PIXTOOLS_FORWARDEDHEADERS__KNOWNPROXIES__0"] = "127.0.0.1" };
            var first = PixToolsProcess.StartAsync(Path.Combine(dataDirectory, "proxy"), proxied);
            var second = PixToolsProcess.StartAsync(Path.Combine(dataDirectory, "direct"), limits);
            BehindProxy = await first;
            Direct = await second;
        }

        public Task DisposeAsync()
        {
            BehindProxy?.Dispose();
            Direct?.Dispose();
            if (Directory.Exists(dataDirectory)) Directory.Delete(dataDirectory, recursive: true);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task EachClientIpBehindAKnownProxyHasItsOwnBucketAnd429CarriesRetryAfter()
    {
        using var http = behindProxy!.CreateClient();
        Assert.NotEqual(HttpStatusCode.TooManyRequests, await SubmitAsync(http, forwardedFor: "10.0.0.1"));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, await SubmitAsync(http, forwardedFor: "10.0.0.1"));

        using var third = await SendAsync(http, forwardedFor: "10.0.0.1");
        await SubmitValidationTests.AssertProblemAsync(third, 429, "Too many requests");
        var seconds = (int)(third.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0);
        Assert.InRange(seconds, 1, 120);
        using var problem = System.Text.Json.JsonDocument.Parse(await third.Content.ReadAsStringAsync());
        Assert.Equal("https://tools.ietf.org/html/rfc6585#section-4", problem.RootElement.GetProperty("type").GetString());
        // A plain sentence with the same wait as the header: "1 second", "2 seconds".
        Assert.Contains($"Please wait {seconds} second{(seconds == 1 ? "" : "s")} before trying again.", problem.RootElement.GetProperty("detail").GetString());

        Assert.NotEqual(HttpStatusCode.TooManyRequests, await SubmitAsync(http, forwardedFor: "10.0.0.2"));
    }

    [Fact]
    public async Task TheApiKeyHasOneBucketWhateverTheAddress()
    {
        using var http = behindProxy!.CreateClient();
        // The key's bucket is its own: an exhausted address does not limit it, and the key's requests from other
        // addresses share it.
        Assert.NotEqual(HttpStatusCode.TooManyRequests, await SubmitAsync(http, forwardedFor: "10.1.0.1"));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, await SubmitAsync(http, forwardedFor: "10.1.0.1"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await SubmitAsync(http, forwardedFor: "10.1.0.1"));

        // Let through with the key: the empty form is refused for itself (400), not for the rate or the key.
        Assert.Equal(HttpStatusCode.BadRequest, await SubmitAsync(http, forwardedFor: "10.1.0.1", apiKey: Key));
        Assert.Equal(HttpStatusCode.BadRequest, await SubmitAsync(http, forwardedFor: "10.1.0.2", apiKey: Key));
        Assert.Equal(HttpStatusCode.TooManyRequests, await SubmitAsync(http, forwardedFor: "10.1.0.3", apiKey: Key));
    }

    [Fact]
    public async Task ForwardedForFromAnUnknownProxyIsIgnored()
    {
        using var http = direct!.CreateClient();
        Assert.NotEqual(HttpStatusCode.TooManyRequests, await SubmitAsync(http, forwardedFor: "10.2.0.1"));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, await SubmitAsync(http, forwardedFor: "10.2.0.2"));
        // Another claimed address changes nothing: the client is the connection's 127.0.0.1, and its bucket is empty.
        Assert.Equal(HttpStatusCode.TooManyRequests, await SubmitAsync(http, forwardedFor: "10.2.0.3"));
    }

    [Fact]
    public async Task DownloadsAreRateLimitedToo()
    {
        using var http = behindProxy!.CreateClient();
        using var first = await ForwardedGetAsync(http, "/api/files/raw/x.png?name=x.png&exp=1&sig=00", "10.3.0.1");
        Assert.Equal(HttpStatusCode.Forbidden, first.StatusCode);
        using var second = await ForwardedGetAsync(http, "/api/files/raw/x.png?name=x.png&exp=1&sig=00", "10.3.0.1");
        await SubmitValidationTests.AssertProblemAsync(second, 429, "Too many requests");
        Assert.NotNull(second.Headers.RetryAfter);
    }

    private static async Task<HttpStatusCode> SubmitAsync(HttpClient http, string forwardedFor, string? apiKey = null)
    {
        using var response = await SendAsync(http, forwardedFor, apiKey);
        return response.StatusCode;
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, string forwardedFor, string? apiKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/process") { Content = JobClient.Form(null, "", null, null) };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        if (apiKey is not null) request.Headers.Add("X-API-Key", apiKey);
        return http.SendAsync(request);
    }

    private static Task<HttpResponseMessage> ForwardedGetAsync(HttpClient http, string path, string forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return http.SendAsync(request);
    }
}
