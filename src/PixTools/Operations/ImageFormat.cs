namespace PixTools.Operations;

/// <summary>One of the four image formats PixTools reads and writes.</summary>
/// <param name="Operation">The conversion operation that writes this format (<c>jpg</c>).</param>
/// <param name="Extension">File extension without a dot.</param>
/// <param name="ContentType">The MIME type accepted at upload and sent on download.</param>
public sealed record ImageFormat(string Operation, string Extension, string ContentType);
