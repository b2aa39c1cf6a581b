using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using PixTools.IntegrationTests.Support;

namespace PixTools.IntegrationTests.Observability;

/// <summary>One trace per job: the upload's span is the parent of each operation's span on the worker; the fan-in, the bundle and the webhook join it.</summary>
public sealed class TracingTests(TracingTests.TracedApp app) : IClassFixture<TracingTests.TracedApp>
{
    public sealed class TracedApp : PixToolsApp
    {
        public List<Activity> Spans { get; } = [];

        protected override void ConfigureServices(IServiceCollection services) =>
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans));
    }

    [Fact]
    public async Task AJobsSpansShareTheUploadsTrace()
    {
        var client = new JobClient(app.CreateClient());
        using var inbox = await client.Http.PostAsync("/api/webhook-inboxes", null);
        var inboxUrl = JsonDocument.Parse(await inbox.Content.ReadAsStringAsync()).RootElement.GetProperty("url").GetString();
        using var response = await client.PostAsync(JobClient.Form(TestPhotos.Read("coffee.png"), "coffee.png", "image/png", "[\"webp\",\"jpg\"]", webhookUrl: inboxUrl));
        var jobId = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("job_id").GetGuid();
        await client.WaitForTerminalAsync(jobId);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        List<Activity> ours;
        do
        {
            await Task.Delay(50);
            lock (app.Spans) ours = app.Spans.Where(s => Equals(s.GetTagItem("pixtools.job_id"), jobId)).ToList();
        }
        while (ours.Count < 5 && DateTime.UtcNow < deadline);

        var upload = app.Spans.ToList().Single(s => s.Kind == ActivityKind.Server && s.DisplayName.Contains("/api/process", StringComparison.Ordinal)
            && s.TraceId == ours.First().TraceId);
        Assert.Contains(ours, s => s.DisplayName == "operation webp" && s.ParentSpanId == upload.SpanId);
        Assert.Contains(ours, s => s.DisplayName == "operation jpg" && s.ParentSpanId == upload.SpanId);
        Assert.Contains(ours, s => s.DisplayName == "finalize job");
        Assert.Contains(ours, s => s.DisplayName == "build archive");
        Assert.Contains(ours, s => s.DisplayName == "deliver webhook");
        Assert.All(ours, s => Assert.Equal(upload.TraceId, s.TraceId));
    }
}
