namespace PixTools.Jobs;

/// <summary>What is stored of one webhook delivery attempt, a job's (<see cref="WebhookDelivery"/>) or a batch's (<see cref="BatchWebhookDelivery"/>).</summary>
public abstract class WebhookAttemptRecord
{
    public long Id { get; set; }

    /// <summary>1 for the first attempt; the count goes on when a delivery resumes after a restart.</summary>
    public int Attempt { get; set; }

    public DateTime AttemptedAt { get; set; }

    /// <summary>The receiver's HTTP status, null when no response came (timeout, refused, circuit open).</summary>
    public int? StatusCode { get; set; }

    public long LatencyMs { get; set; }
    public string? Error { get; set; }
    public WebhookOutcome Outcome { get; set; }

    /// <summary><paramref name="record"/> filled in with one attempt's time and result.</summary>
    public static T Of<T>(T record, int attempt, DateTime attemptedAt, IWebhookAttemptResult result) where T : WebhookAttemptRecord
    {
        record.Attempt = attempt;
        record.AttemptedAt = attemptedAt;
        record.StatusCode = result.StatusCode;
        record.LatencyMs = result.LatencyMs;
        record.Error = result.Error;
        record.Outcome = result.Outcome;
        return record;
    }
}

/// <summary>What an attempt came to, as the sender reports it.</summary>
public interface IWebhookAttemptResult
{
    WebhookOutcome Outcome { get; }
    int? StatusCode { get; }
    long LatencyMs { get; }
    string? Error { get; }
}
