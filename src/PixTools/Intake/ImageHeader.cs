namespace PixTools.Intake;

/// <summary>An image's stored size as its header tells it, read before any pixel is decoded.</summary>
/// <param name="Width">Stored width in pixels.</param>
/// <param name="Height">Stored height in pixels (of one frame).</param>
/// <param name="Frames">Frames of an animated GIF or WebP, 1 for a still image.</param>
/// <param name="QuarterTurn">True when the EXIF orientation (5..8) turns the picture a quarter, so that it is shown
/// <see cref="Height"/> wide; null when the header does not say (a HEIC's rotation is not read).</param>
public sealed record ImageHeader(int Width, int Height, int Frames = 1, bool? QuarterTurn = false)
{
    /// <summary>The sizes the picture may be shown at, width first: one, or both ways round when the turn is not known.</summary>
    public IReadOnlyList<(int Width, int Height)> ShownSizes => QuarterTurn switch
    {
        true => [(Height, Width)],
        false => [(Width, Height)],
        null => [(Width, Height), (Height, Width)],
    };

    /// <summary>Width × height, widened to <c>long</c> before multiplying so 65535 × 65535 cannot wrap.</summary>
    public long Pixels => (long)Width * Height;
}
