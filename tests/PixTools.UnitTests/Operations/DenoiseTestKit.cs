using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NetVips;
using PixTools.Operations;
using PixTools.Operations.Denoise;
using PixTools.Operations.Vips;

namespace PixTools.UnitTests.Operations;

/// <summary>The shipped model (loaded once per test process), the denoise operation and pixel helpers for its tests.</summary>
public static class DenoiseTestKit
{
    // Two threads: the CI and dev machines have two cores, and one session serves every test, as in a worker.
    private static readonly Lazy<DenoiseModel> Shipped = new(() =>
    {
        var model = new DenoiseModel(new DenoiseOptions { IntraOpThreads = 2 }, NullLogger<DenoiseModel>.Instance);
        model.EnsureLoaded();
        return model;
    });

    /// <summary>src/PixTools/Models/denoise.onnx as the build copies it beside the tests.</summary>
    public static DenoiseModel Model => Shipped.Value;

    public static DenoiseOperation Operation(ListLogger<DenoiseOperation>? logger = null, DenoiseOptions? options = null)
    {
        TestImages.EnsureVipsSetUp();
        return new DenoiseOperation(Model, Options.Create(options ?? new DenoiseOptions()), Options.Create(new ImagingOptions()),
            (ILogger<DenoiseOperation>?)logger ?? NullLogger<DenoiseOperation>.Instance);
    }

    /// <summary>Runs the operation on <paramref name="source"/> and returns what it claimed and the PNG it wrote.</summary>
    public static async Task<(ResultFile File, byte[] Bytes)> DenoiseAsync(byte[] source, ImageFormat sourceFormat,
        OperationParams? parameters = null, ListLogger<DenoiseOperation>? logger = null)
    {
        var (output, bytes) = await RunAsync(source, sourceFormat, parameters, logger);
        return (output.File!, bytes);
    }

    /// <summary>Runs the operation and returns its whole output (the parameters as applied included) and the PNG.</summary>
    public static async Task<(OperationOutput Output, byte[] Bytes)> RunAsync(byte[] source, ImageFormat sourceFormat,
        OperationParams? parameters = null, ListLogger<DenoiseOperation>? logger = null)
    {
        using var destination = new MemoryStream();
        var output = await Operation(logger).RunAsync(
            new OperationInput(source, sourceFormat, parameters ?? new OperationParams(Strength: DenoiseStrength.Auto)), destination, CancellationToken.None);
        return (output, destination.ToArray());
    }

    /// <summary>A photo's (or an encoded image's) RGB bytes, as <see cref="TiledDenoiser"/> and the estimator take them.</summary>
    public static RgbImage Rgb(byte[] encoded)
    {
        TestImages.EnsureVipsSetUp();
        using var image = Image.NewFromBuffer(encoded);
        using var rgb = image.Bands switch
        {
            3 => image.Copy(),
            4 => image.ExtractBand(0, n: 3),
            _ => throw new ArgumentException($"expected RGB, got {image.Bands} bands"),
        };
        return new RgbImage(rgb.WriteToMemory<byte>(), rgb.Width, rgb.Height);
    }

    public static RgbImage Photo(string name) => Rgb(TestPhotos.Read(name));

    /// <summary>The pixels after a round trip through JPEG at <paramref name="quality"/> (libvips, chroma 4:2:0).</summary>
    public static RgbImage Jpeg(RgbImage image, int quality) => Rgb(JpegFile(image, quality));

    /// <summary>A JPEG file of RGB bytes at <paramref name="quality"/>, chroma subsampled 4:2:0 as cameras and phones save.</summary>
    public static byte[] JpegFile(RgbImage image, int quality)
    {
        TestImages.EnsureVipsSetUp();
        using var vips = Image.NewFromMemory(image.Pixels, image.Width, image.Height, 3, Enums.BandFormat.Uchar);
        return vips.JpegsaveBuffer(q: quality, subsampleMode: Enums.ForeignSubsample.On);
    }

    /// <summary>Lossless PNG of RGB bytes: a noisy upload the operation can decode.</summary>
    public static byte[] Png(RgbImage image)
    {
        TestImages.EnsureVipsSetUp();
        using var vips = Image.NewFromMemory(image.Pixels, image.Width, image.Height, 3, Enums.BandFormat.Uchar);
        return vips.PngsaveBuffer(compression: 1);
    }
}

/// <summary>Interleaved RGB bytes, row by row.</summary>
public sealed record RgbImage(byte[] Pixels, int Width, int Height)
{
    public RgbImage WithNoise(double sigma, int seed) => this with { Pixels = ImageQuality.AddGaussianNoise(Pixels, sigma, seed) };

    public RgbImage Copy() => this with { Pixels = (byte[])Pixels.Clone() };

    /// <summary>The <paramref name="width"/> × <paramref name="height"/> pixels from (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public RgbImage Crop(int x, int y, int width, int height)
    {
        var pixels = new byte[width * height * 3];
        for (var row = 0; row < height; row++)
        {
            Pixels.AsSpan(((y + row) * Width + x) * 3, width * 3).CopyTo(pixels.AsSpan(row * width * 3));
        }
        return new RgbImage(pixels, width, height);
    }
}
