using System.ComponentModel.DataAnnotations;

namespace PixTools.Webhooks;

/// <summary>Webhook delivery, section <c>Webhooks</c> (env: <c>PIXTOOLS_WEBHOOKS__MAXATTEMPTS</c>, ...).</summary>
internal sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>
    /// The Standard Webhooks secret, <c>whsec_</c> + base64 of 24 to 64 bytes. When empty, one is made at the
    /// first start and kept in <c>webhook-signing.secret</c> beside the blob folder (every process sharing the
    /// folder agrees); set it explicitly wherever receivers must be configured with it ahead of time.
    /// </summary>
    public string? SigningSecret { get; set; }

    /// <summary>How long one attempt may take, connect to response headers (default 10 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00", ErrorMessage = "Webhooks:Timeout must be between 10 ms and 5 min")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts before delivery fails for good (default 5).</summary>
    [Range(1, 20, ErrorMessage = "Webhooks:MaxAttempts must be between 1 and 20")]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>
    /// The wait before the second attempt; each later wait doubles (default 20 s: 20+40+80+160 s, so the
    /// five default attempts span about 5 minutes).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00", ErrorMessage = "Webhooks:FirstRetryDelay must be between 1 ms and 1 h")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The share of failed calls to one host, within the sampling window, that opens its circuit (default 0.5).</summary>
    [Range(0.01, 1.0, ErrorMessage = "Webhooks:BreakerFailureRatio must be between 0.01 and 1")]
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Calls to one host within the window before its circuit may open (default 3; Polly's 100 never opens at webhook volumes).</summary>
    [Range(2, 10000, ErrorMessage = "Webhooks:BreakerMinimumThroughput must be between 2 and 10000")]
    public int BreakerMinimumThroughput { get; set; } = 3;

    /// <summary>The window the failure ratio is measured over (default 60 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "1.00:00:00", ErrorMessage = "Webhooks:BreakerSamplingDuration must be between 500 ms and 1 day")]
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long an open circuit refuses calls to its host before one is let through again (default 30 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "1.00:00:00", ErrorMessage = "Webhooks:BreakerBreakDuration must be between 500 ms and 1 day")]
    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Lets webhooks reach loopback, private, link-local, unique-local and metadata addresses (default false).
    /// For development and tests only: env <c>PIXTOOLS_WEBHOOKS__ALLOWPRIVATENETWORKS=true</c>.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Jobs whose deliveries run at the same time in one process (default 16); a delivery mostly waits.</summary>
    [Range(1, 1024, ErrorMessage = "Webhooks:MaxConcurrentDeliveries must be between 1 and 1024")]
    public int MaxConcurrentDeliveries { get; set; } = 16;

    /// <summary>The wait before attempt <paramref name="attempt"/> (2 and later): FirstRetryDelay doubled per attempt after the second.</summary>
    public TimeSpan DelayBefore(int attempt) => FirstRetryDelay * Math.Pow(2, Math.Max(0, attempt - 2));

    /// <summary>The longest a whole delivery can take: every attempt timing out and every wait; a claim lasts this long.</summary>
    public TimeSpan LongestDelivery() =>
        Timeout * MaxAttempts + Enumerable.Range(2, Math.Max(0, MaxAttempts - 1)).Aggregate(TimeSpan.Zero, (sum, n) => sum + DelayBefore(n));
}
