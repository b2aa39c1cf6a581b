namespace PixTools.Jobs;

/// <summary>How one webhook attempt ended; written snake_case on the wire (<c>circuit_open</c>).</summary>
public enum WebhookOutcome
{
    /// <summary>A 2xx answer.</summary>
    Delivered,

    /// <summary>Any other answer, redirects included (they are not followed).</summary>
    HttpError,

    /// <summary>No answer within Webhooks:Timeout.</summary>
    Timeout,

    /// <summary>No connection: DNS, TCP or TLS failed.</summary>
    Unreachable,

    /// <summary>The destination resolved only to refused (private, loopback, metadata) addresses.</summary>
    Refused,

    /// <summary>The host's circuit breaker was open, so nothing was sent.</summary>
    CircuitOpen,
}
