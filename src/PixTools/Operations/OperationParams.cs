namespace PixTools.Operations;

/// <summary>The validated parameters of one operation; a null member was not given.</summary>
public sealed record OperationParams(int? Quality = null, ResizeSpec? Resize = null, DenoiseStrength? Strength = null)
{
    public static readonly OperationParams None = new();
}

/// <summary>A requested output size. At least one side is set; <see cref="Fit"/> matters only when both are.</summary>
public sealed record ResizeSpec(int? Width, int? Height, ResizeFit Fit = ResizeFit.Fill);

/// <summary>How an image goes into a box of both sides (API.md): fill is the exact size, ignoring the aspect.</summary>
public enum ResizeFit
{
    Fill,
    Inside,
    Cover,
    Contain,
}

/// <summary>Denoise strength: a noise level sigma on the 0-255 scale, or null for the automatic estimate.</summary>
public sealed record DenoiseStrength(double? Sigma)
{
    public static readonly DenoiseStrength Auto = new((double?)null);
    public bool IsAuto => Sigma is null;
}
