using PixTools.Api.Reference;
using PixTools.Webhooks.Endpoints;
using Prometheus;

namespace PixTools.Api;

/// <summary>The HTTP surface: the job endpoints of API.md, the webhook sandbox, downloads, probes, the OpenAPI document and /docs.</summary>
public static class PixToolsApi
{
    public static WebApplication MapPixToolsApi(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseCors();
        app.UseHttpMetrics();
        app.UseRateLimiter();

        var jobs = app.MapGroup("/api").AddEndpointFilter<ApiKeyFilter>().WithTags("jobs");
        jobs.MapPost("/process", SubmitJobEndpoint.HandleAsync)
            .RequireRateLimiting(RateLimiting.Submit)
            .AddEndpointFilter<AdmissionFilter>()
            .DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data")
            .WithSummary("Submit an image and the operations to run on it");
        jobs.MapGet("/jobs/{jobId}", GetJobEndpoint.HandleAsync).WithSummary("Poll a job");
        jobs.MapGet("/jobs/{jobId}/events", JobEventsEndpoint.HandleAsync)
            .RequireRateLimiting(RateLimiting.EventStreams)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .WithSummary("Follow a job as Server-Sent Events (event: job with the job's JSON on each change, then event: end)");
        app.MapGroup("/api").AddEndpointFilter<ApiKeyFilter>().WithTags("batches").MapBatchEndpoints();

        // Public like the probes: the web page reads it before it knows whether an API key is needed.
        app.MapGet("/api/capabilities", CapabilitiesEndpoint.Handle).WithTags("jobs")
            .WithSummary("The operations this server runs and its limits");

        var webhooks = app.MapGroup("/api").AddEndpointFilter<ApiKeyFilter>().WithTags("webhooks");
        app.MapWebhookEndpoints(jobs, webhooks);

        app.MapMethods("/api/files/{**key}", [HttpMethods.Get, HttpMethods.Head], DownloadEndpoint.HandleAsync).RequireRateLimiting(RateLimiting.Download).WithTags("downloads").WithSummary("Download a result through a signed URL");
        app.MapHealthEndpoints();
        app.MapMetrics();
        app.MapOpenApi("/openapi/{documentName}.json");
        // The reference at /docs is plain HTML made from that document (1.5 MB of Swagger UI scripts took 2.6-3.0 s to
        // show here); Swagger UI stays at /docs/try for sending requests. Both are served from here only.
        app.MapApiReference();
        return app;
    }
}
