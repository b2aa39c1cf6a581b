using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using PixTools.Operations.Convert;
using PixTools.Operations.Vips;
using PixTools.Operations;

namespace PixTools.Bench;

/// <summary>
/// PixTools' worker code in this process: <see cref="ConvertOperation"/> with the ImagingOptions the server would
/// bind (src/PixTools/appsettings.json, then PIXTOOLS_IMAGING__* variables) and libvips set up by
/// <see cref="VipsSetup.Apply"/>, as Program.cs does before the host starts.
/// </summary>
internal sealed class PixToolsEngine : IEngine
{
    private readonly Dictionary<ImageFormat, ConvertOperation> operations = [];

    public PixToolsEngine(ImagingOptions options)
    {
        Options = options;
        VipsSetup.Apply(options);
        foreach (var format in ImageFormats.All) operations[format] = new ConvertOperation(format, Microsoft.Extensions.Options.Options.Create(options));
    }

    public ImagingOptions Options { get; }

    public string Label(BenchOperation operation) =>
        operation.Target == ImageFormats.Avif ? $"PixTools (effort {Options.AvifEffort}, tune {Options.AvifTune})" : "PixTools";

    /// <summary>The Imaging section as the server binds it.</summary>
    public static ImagingOptions ConfiguredOptions()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepoPaths.Root, "src", "PixTools", "appsettings.json"), optional: true)
            .AddEnvironmentVariables("PIXTOOLS_")
            .Build();
        var options = new ImagingOptions();
        configuration.GetSection(ImagingOptions.Section).Bind(options);
        return options;
    }

    public async Task<Measurement> ConvertAsync(Photo photo, BenchOperation operation)
    {
        using var destination = new MemoryStream();
        return await ConvertAsync(photo, operation, destination);
    }

    /// <summary>Converts into <paramref name="destination"/>, for a caller that needs the encoded bytes.</summary>
    public async Task<Measurement> ConvertAsync(Photo photo, BenchOperation operation, Stream destination)
    {
        var resize = operation.ResizeWidth is { } width ? new ResizeSpec(width, null) : null;
        var input = new OperationInput(photo.Bytes, photo.Format, new OperationParams(operation.Quality, resize));
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var output = await operations[operation.Target].RunAsync(input, destination, CancellationToken.None);
        var wall = clock.Elapsed.TotalMilliseconds;
        process.Refresh();
        var file = output.File ?? throw new InvalidOperationException("a conversion wrote no file");
        return new Measurement(wall, (process.TotalProcessorTime - cpu).TotalMilliseconds, destination.Length, file.Width, file.Height);
    }
}
