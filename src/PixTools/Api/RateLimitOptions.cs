using System.ComponentModel.DataAnnotations;

namespace PixTools.Api;

/// <summary>
/// Per-client rate limits, section <c>RateLimits</c>: token buckets per API key (a valid X-API-Key) or else per client
/// IP address, kept by each api process on its own (with N api processes a client gets up to N times the rate).
/// Past them the answer is 429 with Retry-After.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>POST /api/process a client may send at once before it is slowed to <see cref="SubmitsPerMinute"/> (default 20; 0 = no limit).</summary>
    [Range(0, 1_000_000)]
    public int SubmitBurst { get; set; } = 20;

    /// <summary>Submissions a client may sustain per minute (default 600, i.e. 10 a second).</summary>
    [Range(1, 60_000_000)]
    public int SubmitsPerMinute { get; set; } = 600;

    /// <summary>Downloads (GET /api/files/…) a client may start at once (default 100; 0 = no limit).</summary>
    [Range(0, 1_000_000)]
    public int DownloadBurst { get; set; } = 100;

    /// <summary>Downloads a client may sustain per minute (default 3000, i.e. 50 a second).</summary>
    [Range(1, 60_000_000)]
    public int DownloadsPerMinute { get; set; } = 3000;

    /// <summary>
    /// Event streams (GET /api/jobs/{id}/events and /api/batches/{id}/events) one api process keeps open at once, from
    /// every client together (default 500, as many as the jobs the service admits unfinished; 0 = no limit). Each open
    /// stream reads its job up to once a second; past the limit a new stream is answered 503 with Retry-After, and the
    /// client polls instead (the page does so by itself).
    /// </summary>
    [Range(0, 1_000_000)]
    public int MaxEventStreams { get; set; } = 500;
}

/// <summary>
/// Which proxies' X-Forwarded-For / X-Forwarded-Proto are believed, section <c>ForwardedHeaders</c>. With none
/// configured (the default) the headers are ignored and the client is the connection's address.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    public const string Section = "ForwardedHeaders";

    /// <summary>IP addresses of the reverse proxies in front of PixTools (default none).</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of reverse proxies in CIDR notation, e.g. 10.0.0.0/8 (default none).</summary>
    public string[] KnownNetworks { get; set; } = [];
}
