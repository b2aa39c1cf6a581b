using Microsoft.Extensions.Options;
using PixTools.Intake;
using PixTools.Operations;
using PixTools.Operations.Convert;
using PixTools.Operations.Metadata;
using PixTools.Operations.Vips;

namespace PixTools.Hosting;

/// <summary>libvips configuration, the header guard and the operations this process can run.</summary>
public static class ImagingRegistration
{
    public static IServiceCollection AddImaging(this IServiceCollection services)
    {
        services.AddValidatedOptions<ImagingOptions>(ImagingOptions.Section);
        services.AddSingleton<PixelGuard>();
        foreach (var format in ImageFormats.All)
        {
            services.AddSingleton<IImageOperation>(sp => new ConvertOperation(format, sp.GetRequiredService<IOptions<ImagingOptions>>()));
        }
        services.AddSingleton<IImageOperation, MetadataOperation>();
        return services;
    }

    /// <summary>
    /// Applies the libvips settings (loader allow-list, threads, cache) before the host starts, so that neither
    /// the first upload's header check nor the first worker can touch libvips unconfigured.
    /// </summary>
    public static void ApplyImagingSettings(this IServiceProvider services)
    {
        VipsSetup.Apply(services.GetRequiredService<IOptions<ImagingOptions>>().Value);
        VipsLog.RouteTo(services.GetRequiredService<ILoggerFactory>().CreateLogger(VipsLog.Category));
    }
}
