using NetVips;

namespace PixTools.Operations.Vips;

/// <summary>
/// The one process-wide libvips configuration: which loaders may run, threads per image and the operation
/// cache. libvips holds these globally, so they are applied once at start (by Hosting.ImagingRegistration.ApplyImagingSettings)
/// before any image is touched; calling <see cref="Apply"/> again with the same options is harmless.
/// </summary>
public static class VipsSetup
{
    /// <summary>
    /// The libvips loader classes left unblocked: JPEG, PNG, WebP and HEIF (AVIF). Each name covers its
    /// file, buffer and source variants (e.g. VipsForeignLoadJpegBuffer), as listed by libvips 8.18.
    /// TIFF and GIF (nsgif) are read directly; HEIC goes through <see cref="HeifConverter"/>, never libvips' HEIF loader.
    /// </summary>
    public static readonly IReadOnlyList<string> AllowedLoaders =
        ["VipsForeignLoadJpeg", "VipsForeignLoadPng", "VipsForeignLoadWebp", "VipsForeignLoadHeif", "VipsForeignLoadTiff", "VipsForeignLoadNsgif"];

    private static readonly Lock Gate = new();

    /// <summary>Applies <paramref name="options"/> and the loader allow-list to libvips.</summary>
    public static void Apply(ImagingOptions options)
    {
        lock (Gate)
        {
            BlockLoaders();
            NetVips.NetVips.Concurrency = options.ThreadsPerImage;
            Cache.Max = options.CacheMaxOperations;
            Cache.MaxMem = (ulong)options.CacheMaxBytes;
            Cache.MaxFiles = options.CacheMaxFiles;
            HeifConverter.Configure(options.HeifConvertPath, options.HeifConvertTimeout, options.HeicDecodeCacheBytes);
        }
    }

    // Untrusted operations first (ImageMagick, PDF, Matlab, … loaders flagged unsafe for hostile input), then
    // every loader, then the four allowed ones back: a loader a later libvips adds (uhdrload arrived in 8.18)
    // stays blocked, and libvips' sniffing cannot route crafted bytes to a parser we never meant to expose.
    private static void BlockLoaders()
    {
        NetVips.NetVips.BlockUntrusted = true;
        Operation.Block("VipsForeignLoad", true);
        foreach (var loader in AllowedLoaders) Operation.Block(loader, false);
    }
}
