namespace PixTools.Operations.Vips;

/// <summary>
/// The input image is bad (cannot be decoded, is truncated, exceeds a limit). Retrying cannot help:
/// the job fails now with <see cref="Exception.Message"/> as its readable reason.
/// </summary>
public sealed class ImageInputException(string message, Exception? inner = null) : Exception(message, inner);
