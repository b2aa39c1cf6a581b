namespace PixTools.Intake;

/// <summary>An image's stored size as its header tells it, read before any pixel is decoded.</summary>
public sealed record ImageHeader(int Width, int Height)
{
    /// <summary>Width × height, widened to <c>long</c> before multiplying so 65535 × 65535 cannot wrap.</summary>
    public long Pixels => (long)Width * Height;
}
