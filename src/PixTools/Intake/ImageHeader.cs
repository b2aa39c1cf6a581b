namespace PixTools.Intake;

/// <summary>An image's stored size as its header tells it, read before any pixel is decoded.</summary>
/// <param name="Width">Stored width in pixels.</param>
/// <param name="Height">Stored height in pixels (of one frame).</param>
/// <param name="Frames">Frames of an animated GIF or WebP, 1 for a still image.</param>
public sealed record ImageHeader(int Width, int Height, int Frames = 1)
{
    /// <summary>Width × height, widened to <c>long</c> before multiplying so 65535 × 65535 cannot wrap.</summary>
    public long Pixels => (long)Width * Height;
}
