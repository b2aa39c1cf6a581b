using Microsoft.Extensions.Options;

namespace PixTools.Intake.Admission;

/// <summary>
/// At most <see cref="AdmissionOptions.ConcurrentUploads"/> uploads are read and checked at once in this process; the
/// others wait their turn (first come, first served) for up to <see cref="AdmissionOptions.UploadTurnWait"/>.
/// </summary>
public sealed class UploadTurns(IOptions<AdmissionOptions> options)
{
    private readonly SemaphoreSlim? turns = options.Value.ConcurrentUploads > 0 ? new(options.Value.ConcurrentUploads, options.Value.ConcurrentUploads) : null;

    /// <summary>A turn to release when the upload has been handled, or null when none came free in time.</summary>
    public async Task<IDisposable?> WaitAsync(CancellationToken cancellationToken)
    {
        if (turns is null) return Turn.None;
        return await turns.WaitAsync(options.Value.UploadTurnWait, cancellationToken) ? new Turn(turns) : null;
    }

    /// <summary>Seconds a refused upload should wait before it tries again: about one turn's wait.</summary>
    public int RetryAfterSeconds => Math.Clamp((int)Math.Ceiling(options.Value.UploadTurnWait.TotalSeconds / 2), 1, 60);

    private sealed class Turn(SemaphoreSlim? turns) : IDisposable
    {
        public static readonly Turn None = new(null);
        private SemaphoreSlim? held = turns;

        public void Dispose() => Interlocked.Exchange(ref held, null)?.Release();
    }
}
