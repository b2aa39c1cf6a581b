using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PixTools.CliTests.Support;

/// <summary>
/// A real HTTP proxy in front of the server that turns the first submissions away as an overloaded server would
/// (503, then 429, each with Retry-After: 1) and forwards everything else; it records every submission's
/// Idempotency-Key and when it came, so a test can see the client waited and sent the same key again.
/// </summary>
public sealed class BusyProxy : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly HttpClient upstream;
    private int refusalsLeft;

    private BusyProxy(WebApplication app, Uri target, int refusals)
    {
        this.app = app;
        refusalsLeft = refusals;
        upstream = new HttpClient { BaseAddress = target };
        app.Run(HandleAsync);
    }

    public string Url { get; private set; } = "";

    /// <summary>
    /// Batches the proxy answers itself on GET /api/batches/{id} (this server has no batch API yet; the client's
    /// fall-back from job to batch is what is tested). Other batch ids go to the server (404).
    /// </summary>
    public ConcurrentDictionary<string, object> Batches { get; } = new();

    /// <summary>Every POST /api/process: its Idempotency-Key, when it came, and the status the proxy answered (or forwarded).</summary>
    public ConcurrentQueue<(string Key, DateTime At, int Status)> Submissions { get; } = new();

    public static async Task<BusyProxy> StartAsync(Uri target, int refusals)
    {
        var port = FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var proxy = new BusyProxy(builder.Build(), target, refusals) { Url = $"http://127.0.0.1:{port}" };
        await proxy.app.StartAsync();
        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        upstream.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var isSubmit = context.Request.Method == "POST" && context.Request.Path == "/api/process";
        var key = context.Request.Headers["Idempotency-Key"].ToString();
        if (isSubmit && Interlocked.Decrement(ref refusalsLeft) is var left && left >= 0)
        {
            // Counting down from the last refusal: ..., 503, 429 (so one refusal is a 429, two are 503 then 429).
            var status = left % 2 == 1 ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status429TooManyRequests;
            Submissions.Enqueue((key, DateTime.UtcNow, status));
            context.Response.StatusCode = status;
            context.Response.Headers.RetryAfter = "1";
            await context.Response.WriteAsJsonAsync(new { detail = "The server is busy; try again shortly." });
            return;
        }

        if (context.Request.Method == "GET" && context.Request.Path.StartsWithSegments("/api/batches", out var rest)
            && Batches.TryGetValue(rest.Value!.Trim('/'), out var batch))
        {
            await context.Response.WriteAsJsonAsync(batch);
            return;
        }

        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), context.Request.Path + context.Request.QueryString);
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            body.Position = 0;
            request.Content = new StreamContent(body);
        }
        foreach (var (name, values) in context.Request.Headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase)) continue;
            if (!request.Headers.TryAddWithoutValidation(name, values.ToArray())) request.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
        }
        using var response = await upstream.SendAsync(request);
        if (isSubmit) Submissions.Enqueue((key, DateTime.UtcNow, (int)response.StatusCode));
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)) continue;
            context.Response.Headers[name] = values.ToArray();
        }
        await response.Content.CopyToAsync(context.Response.Body);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
