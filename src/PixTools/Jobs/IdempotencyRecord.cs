namespace PixTools.Jobs;

/// <summary>An Idempotency-Key and the job it created; the key is the primary key, so two inserts cannot both win.</summary>
public sealed class IdempotencyRecord
{
    public required string Key { get; set; }
    public Guid JobId { get; set; }

    /// <summary>SHA-256 of the request (file, operations, params, webhook): the same key with another request is refused.</summary>
    public required string Fingerprint { get; set; }

    public DateTime CreatedAt { get; set; }
}
