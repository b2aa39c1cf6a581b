using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PixTools.IntegrationTests.Support;

/// <summary>
/// A real HTTP webhook receiver: Kestrel on a loopback address of its own (127.0.x.y) and a free port, answering each
/// request with the status the test chose. Its own address gives it its own circuit breaker: ports get reused, and a
/// breaker opened by an earlier test on the same host and port would otherwise refuse this one's deliveries.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly Func<int, int> statusOf;
    private int count;

    private WebhookReceiver(Func<int, int> statusOf)
    {
        this.statusOf = statusOf;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(NextLoopbackAddress(), 0));
        builder.Logging.ClearProviders();
        app = builder.Build();
        app.MapPost("/{**path}", ReceiveAsync);
    }

    /// <summary>Every request, in arrival order.</summary>
    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    public string Url => new Uri(BaseAddress, "/hook").ToString();

    /// <summary>Starts a receiver answering request n (1-based) with <paramref name="statusOf"/>(n); 200 by default.</summary>
    public static async Task<WebhookReceiver> StartAsync(Func<int, int>? statusOf = null)
    {
        var receiver = new WebhookReceiver(statusOf ?? (_ => 200));
        await receiver.app.StartAsync();
        var address = receiver.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.BaseAddress = new Uri(address);
        return receiver;
    }

    /// <summary>Waits until <paramref name="n"/> requests came, or the deadline passes.</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(int n, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (Received.Count < n)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{Received.Count} of {n} webhook requests arrived before the deadline");
            await Task.Delay(20);
        }
        return Received.ToList();
    }

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        var status = statusOf(Interlocked.Increment(ref count));
        Received.Enqueue(new ReceivedWebhook(new HeaderDictionary(request.Headers.ToDictionary(h => h.Key, h => h.Value)), body));
        return Results.StatusCode(status);
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private static int receivers = Random.Shared.Next(0, 200 * 250);

    /// <summary>127.0.0.0/8 is all loopback on Linux; each receiver takes the next address of it.</summary>
    private static IPAddress NextLoopbackAddress()
    {
        var n = Interlocked.Increment(ref receivers);
        return new IPAddress([127, (byte)(1 + n / 250 % 200), 0, (byte)(2 + n % 250)]);
    }
}

/// <summary>One request the receiver got.</summary>
public sealed record ReceivedWebhook(IHeaderDictionary Headers, string Body);
