using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace PixTools.Api;

/// <summary>
/// ASP.NET Core's rate limiter on submissions and downloads (policies <see cref="Submit"/>, <see cref="Download"/>),
/// one token bucket per client: the API key when a valid one is given, else the client's IP address, which is the
/// X-Forwarded-For address only when the connection comes from a configured proxy (<see cref="ForwardedHeadersSettings"/>).
/// Event streams (policy <see cref="EventStreams"/>) are held to a number open at once for the whole process.
/// </summary>
public static class RateLimiting
{
    public const string Submit = "submit";
    public const string Download = "download";
    public const string EventStreams = "event-streams";

    /// <summary>Retry-After of a refused event stream: streams end as their jobs do, within seconds to minutes.</summary>
    private const int EventStreamRetryAfterSeconds = 5;

    public static IServiceCollection AddPixToolsRateLimits(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ForwardedHeadersSettings>>((forwarded, settings) =>
        {
            // By default ASP.NET trusts loopback as a proxy, and with both lists empty it trusts everyone: nobody is
            // trusted unless configured, and with nothing configured the headers are not read at all.
            var configured = settings.Value.KnownProxies.Length + settings.Value.KnownNetworks.Length > 0;
            forwarded.ForwardedHeaders = configured ? ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto : ForwardedHeaders.None;
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in settings.Value.KnownProxies) forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            foreach (var network in settings.Value.KnownNetworks) forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        });
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(Submit, context => Bucket(context, o => (o.SubmitBurst, o.SubmitsPerMinute)));
            limiter.AddPolicy(Download, context => Bucket(context, o => (o.DownloadBurst, o.DownloadsPerMinute)));
            limiter.AddPolicy(EventStreams, OpenStreams);
            limiter.OnRejected = RejectAsync;
        });
        return services;
    }

    /// <summary>Whether every configured proxy address and network parses (checked at start).</summary>
    public static bool ProxiesAreValid(ForwardedHeadersSettings settings) =>
        settings.KnownProxies.All(p => IPAddress.TryParse(p, out _)) && settings.KnownNetworks.All(n => System.Net.IPNetwork.TryParse(n, out _));

    private static RateLimitPartition<string> Bucket(HttpContext context, Func<RateLimitOptions, (int Burst, int PerMinute)> pick)
    {
        var (burst, perMinute) = pick(context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value);
        if (burst == 0) return RateLimitPartition.GetNoLimiter("unlimited");
        return RateLimitPartition.GetTokenBucketLimiter(ClientOf(context), _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1) / perMinute,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    /// <summary>One count of open streams for the process: a stream holds its lease until it ends.</summary>
    private static RateLimitPartition<string> OpenStreams(HttpContext context)
    {
        var limit = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value.MaxEventStreams;
        if (limit == 0) return RateLimitPartition.GetNoLimiter("unlimited");
        return RateLimitPartition.GetConcurrencyLimiter("streams", _ => new ConcurrencyLimiterOptions { PermitLimit = limit, QueueLimit = 0 });
    }

    /// <summary>"key:…" for a request with the valid API key, else "ip:…" of the client.</summary>
    internal static string ClientOf(HttpContext context)
    {
        var expected = context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.ApiKey;
        var given = context.Request.Headers[ApiKeyFilter.Header].ToString();
        if (!string.IsNullOrEmpty(expected) && given.Length > 0
            && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected))))
        {
            return "key:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(given)), 0, 8);
        }
        return "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        if (rejected.HttpContext.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == EventStreams)
        {
            // Not this client's doing: the server follows as many jobs as it will at once.
            const string busy = "The server is already sending live updates for as many jobs as it can. Ask for this job's status "
                + "instead, or try its live updates again in a few seconds.";
            await new RetryLaterResult(StatusCodes.Status503ServiceUnavailable, busy, EventStreamRetryAfterSeconds).ExecuteAsync(rejected.HttpContext);
            return;
        }
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? (int)Math.Ceiling(wait.TotalSeconds) : 1;
        seconds = Math.Max(1, seconds);
        var detail = $"Too many requests from this client. Please wait {seconds} second{(seconds == 1 ? "" : "s")} before trying again.";
        await new RetryLaterResult(StatusCodes.Status429TooManyRequests, detail, seconds).ExecuteAsync(rejected.HttpContext);
    }
}
