namespace PixTools.Webhooks.Endpoints;

/// <summary>The webhook routes, mapped onto the API's groups (which carry its API key filter and tags).</summary>
public static class WebhookEndpoints
{
    /// <summary>
    /// A job's delivery attempts on <paramref name="jobs"/>; the sandbox (a test delivery, the inboxes) on
    /// <paramref name="webhooks"/>; an inbox's receiver on <paramref name="app"/> itself, without the API key.
    /// </summary>
    public static void MapWebhookEndpoints(this IEndpointRouteBuilder app, IEndpointRouteBuilder jobs, IEndpointRouteBuilder webhooks)
    {
        jobs.MapGet("/jobs/{jobId}/webhook-deliveries", WebhookDeliveriesEndpoint.HandleAsync).WithSummary("List a job's webhook delivery attempts");

        webhooks.MapPost("/webhooks/test", WebhookTestEndpoint.HandleAsync).WithSummary("Send a signed sample webhook to a URL now");
        webhooks.MapPost("/webhook-inboxes", WebhookInboxEndpoints.CreateAsync).WithSummary("Create a built-in webhook inbox");
        webhooks.MapGet("/webhook-inboxes/{inboxId}", WebhookInboxEndpoints.GetAsync).WithSummary("List what an inbox received");
        // The receiver takes no API key: whoever sends webhooks to it does not have one.
        app.MapPost("/api/webhook-inboxes/{inboxId}/deliveries", WebhookInboxEndpoints.ReceiveAsync)
            .DisableAntiforgery().WithTags("webhooks").WithSummary("An inbox's receive endpoint (give its URL as webhook_url)");
    }

    /// <summary>A batch's one webhook, its state and delivery attempts, on the batches' group.</summary>
    public static void MapBatchWebhookEndpoints(this IEndpointRouteBuilder batches) =>
        batches.MapGet("/batches/{batchId}/webhook-deliveries", BatchWebhookDeliveriesEndpoint.HandleAsync)
            .WithSummary("The batch webhook's state and every delivery attempt");
}
