using Microsoft.Extensions.Options;
using NetVips;
using PixTools.Operations;
using PixTools.Operations.Convert;
using PixTools.Operations.Vips;

namespace PixTools.UnitTests.Operations;

/// <summary>Test inputs made with libvips from the shared photos, and helpers to run and decode conversions.</summary>
public static class TestImages
{
    private static readonly Lazy<bool> SetUp = new(() =>
    {
        VipsSetup.Apply(new ImagingOptions());
        return true;
    });

    /// <summary>Applies the production libvips setup (loader allow-list, cache off) once per test process.</summary>
    public static void EnsureVipsSetUp() => _ = SetUp.Value;

    public static byte[] Webp(string photo) => Save(photo, i => i.WebpsaveBuffer(q: 80));

    public static byte[] Avif(string photo) =>
        Save(photo, i => i.HeifsaveBuffer(q: 50, compression: Enums.ForeignHeifCompression.Av1, effort: 0));

    /// <summary>The photo's bytes in <paramref name="format"/>: the file itself for jpg/png, made with libvips for webp/avif.</summary>
    public static byte[] InFormat(ImageFormat format) => format.Operation switch
    {
        OperationNames.Jpg => TestPhotos.Read("storm-exif-lens.jpg"),
        OperationNames.Png => TestPhotos.Read("coffee.png"),
        OperationNames.Webp => Webp("coffee.png"),
        _ => Avif("coffee.png"),
    };

    /// <summary>coffee.png converted to Display P3 (libvips' built-in profile): a PNG whose pixels mean P3, and that profile.</summary>
    public static (byte[] Png, byte[] Profile) WideGamutCoffee()
    {
        EnsureVipsSetUp();
        using var coffee = Image.NewFromFile(TestPhotos.PathOf("coffee.png"));
        using var wide = coffee.IccTransform("p3", intent: Enums.Intent.Relative);
        return (wide.PngsaveBuffer(), (byte[])wide.Get("icc-profile-data"));
    }

    public static byte[] Save(string photo, Func<Image, byte[]> save)
    {
        using var image = Image.NewFromFile(TestPhotos.PathOf(photo));
        return save(image);
    }

    public static ConvertOperation Converter(ImageFormat target, ImagingOptions? options = null)
    {
        EnsureVipsSetUp();
        return new ConvertOperation(target, Options.Create(options ?? new ImagingOptions()));
    }

    /// <summary>Runs a conversion and returns what it claimed and the bytes it wrote.</summary>
    public static async Task<(ResultFile File, byte[] Bytes)> ConvertAsync(
        ImageFormat target, byte[] source, ImageFormat sourceFormat, OperationParams? parameters = null, ImagingOptions? options = null)
    {
        using var destination = new MemoryStream();
        var output = await Converter(target, options).RunAsync(
            new OperationInput(source, sourceFormat, parameters ?? OperationParams.None), destination, CancellationToken.None);
        return (output.File!, destination.ToArray());
    }
}
