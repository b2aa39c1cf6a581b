using PixTools.IntegrationTests.Support;

namespace PixTools.IntegrationTests.Observability;

/// <summary>Prometheus' counters are process-wide, so these tests run alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "metrics";
}

/// <summary>/metrics is valid Prometheus text and PixTools' counters move by exactly the right amount.</summary>
[Collection(MetricsCollection.Name)]
public sealed class MetricsTests(PixToolsApp app) : IClassFixture<PixToolsApp>
{
    private readonly JobClient client = new(app.CreateClient());

    [Fact]
    public async Task CountersMoveByExactlyOneJobsWorth()
    {
        var before = await ScrapeAsync();
        var jobId = await client.SubmitAsync("coffee.png", "[\"webp\",\"metadata\"]");
        var job = await client.WaitForTerminalAsync(jobId);
        Assert.Equal("COMPLETED", job.GetProperty("status").GetString());
        var after = await ScrapeAsync();

        double Delta(string sample) => after.ValueOf(sample) - before.ValueOf(sample);
        Assert.Equal(1, Delta("pixtools_jobs_processed_total{operation=\"webp\",status=\"succeeded\"}"));
        Assert.Equal(1, Delta("pixtools_jobs_processed_total{operation=\"metadata\",status=\"succeeded\"}"));
        Assert.Equal(0, Delta("pixtools_jobs_processed_total{operation=\"webp\",status=\"failed\"}"));
        Assert.Equal(1, Delta("pixtools_jobs_finished_total{status=\"COMPLETED\"}"));
        Assert.Equal(1, Delta("pixtools_operation_duration_seconds_count{operation=\"webp\"}"));
        Assert.Equal(1, Delta("pixtools_job_end_to_end_seconds_count{}"));
        Assert.Equal(2, Delta("pixtools_queue_wait_seconds_count{queue=\"standard\"}"));
        Assert.Equal(0, after.ValueOf("pixtools_jobs_in_flight{}"));
        Assert.True(after.ContainsKey("pixtools_inference_latency_seconds_count{}"));
        Assert.True(after.ContainsKey("pixtools_queue_depth{queue=\"standard\"}"));
    }

    [Fact]
    public async Task ADenoiseGoesThroughTheMlQueueAndRecordsTheModelsTime()
    {
        var before = await ScrapeAsync();
        var jobId = await client.SubmitAsync("chelsea-exif.png", "[\"denoise\"]", "{\"denoise\":{\"resize\":{\"width\":160}}}");
        var job = await client.WaitForTerminalAsync(jobId);
        Assert.Equal("COMPLETED", job.GetProperty("status").GetString());
        var after = await ScrapeAsync();

        double Delta(string sample) => after.ValueOf(sample) - before.ValueOf(sample);
        Assert.Equal(1, Delta("pixtools_inference_latency_seconds_count{}"));
        Assert.True(Delta("pixtools_inference_latency_seconds_sum{}") > 0);
        Assert.Equal(1, Delta("pixtools_queue_wait_seconds_count{queue=\"ml\"}"));
        Assert.Equal(0, Delta("pixtools_queue_wait_seconds_count{queue=\"standard\"}"));
        Assert.Equal(1, Delta("pixtools_jobs_processed_total{operation=\"denoise\",status=\"succeeded\"}"));
        Assert.Equal(1, Delta("pixtools_operation_duration_seconds_count{operation=\"denoise\"}"));
    }

    [Fact]
    public async Task HttpRequestsAreCountedByRouteTemplateAndRuntimeMetricsArePresent()
    {
        await client.Http.GetAsync($"/api/jobs/{Guid.NewGuid()}");
        var samples = await ScrapeAsync();
        Assert.Contains(samples.Keys, k => k.StartsWith("http_request_duration_seconds_count{", StringComparison.Ordinal)
            && k.Contains("endpoint=\"/api/jobs/{jobId}\"", StringComparison.Ordinal) && k.Contains("code=\"404\"", StringComparison.Ordinal));
        Assert.Contains(samples.Keys, k => k.StartsWith("process_cpu_seconds_total", StringComparison.Ordinal));
        Assert.Contains(samples.Keys, k => k.StartsWith("dotnet_", StringComparison.Ordinal));
    }

    private async Task<IReadOnlyDictionary<string, double>> ScrapeAsync()
    {
        using var response = await client.Http.GetAsync("/metrics");
        response.EnsureSuccessStatusCode();
        return await PrometheusText.ParseAsync(await response.Content.ReadAsStringAsync());
    }
}
