using System.Net;
using System.Text.Json;
using PixTools.IntegrationTests.Support;

namespace PixTools.IntegrationTests;

/// <summary>GET /api/jobs/{id}/events (Server-Sent Events for the web page) and GET /api/capabilities.</summary>
public sealed class JobEventsTests(PixToolsApp app) : IClassFixture<PixToolsApp>
{
    private readonly JobClient client = new(app.CreateClient());

    [Fact]
    public async Task StreamsTheJobUntilItIsTerminalThenSaysEnd()
    {
        var jobId = await client.SubmitAsync("coffee.png", "[\"webp\",\"metadata\"]");

        using var response = await client.Http.GetAsync($"/api/jobs/{jobId}/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = await ServerSentEvents.ReadAsync(response, TimeSpan.FromSeconds(60));

        Assert.Equal("end", events[^1].Name);
        var jobs = events.Where(e => e.Name == "job").Select(e => JsonDocument.Parse(e.Data).RootElement).ToList();
        Assert.NotEmpty(jobs);
        Assert.All(jobs, j => Assert.Equal(jobId, j.GetProperty("job_id").GetGuid()));
        var last = jobs[^1];
        Assert.Equal("COMPLETED", last.GetProperty("status").GetString());
        Assert.Equal("succeeded", last.GetProperty("progress").GetProperty("webp").GetProperty("status").GetString());
        Assert.True(last.GetProperty("result_urls").TryGetProperty("webp", out _));
        // Only changes are sent, not one event per 250 ms poll.
        Assert.True(jobs.Count <= 8, $"{jobs.Count} events for a two-operation job");
    }

    [Fact]
    public async Task AnswersAMalformedIdWith400AndAnUnknownOneWith404()
    {
        using var malformed = await client.Http.GetAsync("/api/jobs/not-a-uuid/events");
        await SubmitValidationTests.AssertProblemAsync(malformed, 400, "job_id must be a UUID");
        using var unknown = await client.Http.GetAsync($"/api/jobs/{Guid.NewGuid()}/events");
        await SubmitValidationTests.AssertProblemAsync(unknown, 404, "was not found");
    }

    [Fact]
    public async Task CapabilitiesListTheRunnableOperationsAndTheLimits()
    {
        using var response = await client.Http.GetAsync("/api/capabilities");
        response.EnsureSuccessStatusCode();
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        var operations = body.GetProperty("operations").EnumerateArray().Select(o => o.GetString()).ToList();
        Assert.Subset(new HashSet<string?> { "jpg", "png", "webp", "avif", "denoise", "metadata" }, operations.ToHashSet());
        Assert.Contains("webp", operations);
        Assert.Equal(10 * 1024 * 1024, body.GetProperty("max_upload_bytes").GetInt64());
        Assert.Equal(100_000_000, body.GetProperty("max_pixels").GetInt64());
        Assert.Equal(8192, body.GetProperty("max_output_side").GetInt32());
        Assert.Equal(8192L * 4352, body.GetProperty("max_avif_pixels").GetInt64());
        Assert.Equal(100_000_000, body.GetProperty("max_output_pixels").GetInt64());
        Assert.Equal(65_535, body.GetProperty("max_side").GetInt32());
        Assert.Equal("""{"jpg":65500,"webp":16383,"avif":16384}""", body.GetProperty("max_output_sides").GetRawText());
        Assert.Equal(86400, body.GetProperty("retention_seconds").GetInt64());
        Assert.Equal(3600, body.GetProperty("download_url_lifetime_seconds").GetInt64());
        Assert.False(body.GetProperty("api_key_required").GetBoolean());
        var quality = body.GetProperty("default_quality");
        Assert.Equal(["avif", "jpg", "webp"], quality.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(80, quality.GetProperty("jpg").GetInt32());
        Assert.Equal(60, quality.GetProperty("avif").GetInt32());
    }
}
