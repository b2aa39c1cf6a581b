namespace PixTools.Operations.Vips;

/// <summary>
/// The sizes a resize works out to: the image is scaled to <see cref="ScaledWidth"/> × <see cref="ScaledHeight"/>,
/// then centre-cropped (<c>cover</c>) or centre-padded (<c>contain</c>) to the output <see cref="Width"/> ×
/// <see cref="Height"/>. For the other fits both pairs are equal.
/// </summary>
public sealed record ResizePlan(int ScaledWidth, int ScaledHeight, int Width, int Height)
{
    /// <summary>True when the scaled image is larger than the output on a side and must be cropped.</summary>
    public bool NeedsCrop => ScaledWidth > Width || ScaledHeight > Height;

    /// <summary>True when the scaled image is smaller than the output on a side and must be padded.</summary>
    public bool NeedsPad => ScaledWidth < Width || ScaledHeight < Height;
}
