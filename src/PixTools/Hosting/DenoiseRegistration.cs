using Microsoft.Extensions.Options;
using PixTools.Operations.Denoise;
using PixTools.Operations;
using PixTools.Worker;

namespace PixTools.Hosting;

/// <summary>The denoise operation, its model (one ONNX Runtime session per process) and, where workers run, its load at start.</summary>
public static class DenoiseRegistration
{
    /// <summary>
    /// Every role lists <c>denoise</c> (an api accepts it for the ml workers); the session itself is made only
    /// where it runs: at start in processes consuming <c>ml</c> (<see cref="DenoiseModelLoader"/>), registered
    /// before the workers so no denoise job is taken before the model is there.
    /// </summary>
    public static IServiceCollection AddDenoise(this IServiceCollection services, Role role)
    {
        services.AddValidatedOptions<DenoiseOptions>(DenoiseOptions.Section);
        services.AddSingleton<IValidateOptions<DenoiseOptions>, DenoiseOptionsValidator>();
        services.AddSingleton(sp => new DenoiseModel(sp.GetRequiredService<IOptions<DenoiseOptions>>().Value, sp.GetRequiredService<ILogger<DenoiseModel>>()));
        services.AddSingleton<IImageOperation, DenoiseOperation>();
        if (role.RunsWorkers()) services.AddHostedService<DenoiseModelLoader>();
        return services;
    }
}
