namespace PixTools.Intake;

/// <summary>
/// Whether the server takes <c>jobs</c> more jobs now. A batch is admitted whole or refused whole (503 with
/// Retry-After): the one seam between batch intake and the server's backpressure.
/// </summary>
public interface IBatchAdmission
{
    /// <summary>Null when admitted; otherwise why not and when to try again.</summary>
    Task<AdmissionRefusal?> AdmitAsync(int jobs, CancellationToken cancellationToken);
}

/// <summary>A refused admission: the sentence a person reads and the Retry-After.</summary>
public sealed record AdmissionRefusal(string Detail, TimeSpan RetryAfter);
