using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using PixTools.Api;
using PixTools.Intake;
using PixTools.Intake.Admission;

namespace PixTools.Hosting;

/// <summary>Admission control (503 when full), the per-client rate limits (429), the outage log, native memory and the workers' temp folder.</summary>
public static class OverloadRegistration
{
    public static IServiceCollection AddOverloadProtection(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<MemoryOptions>(MemoryOptions.Section);
        NativeMemory.Apply(configuration);
        services.AddHostedService<IdleMemoryTrim>();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<LimitsOptions>>((kestrel, limits) =>
            kestrel.Limits.MaxRequestBufferSize = limits.Value.RequestBufferBytes);
        services.AddValidatedOptions<AdmissionOptions>(AdmissionOptions.Section);
        services.AddSingleton<AdmissionControl>();
        services.AddHostedService<AdmissionWarmUp>();
        services.AddSingleton<OutageLog>();
        services.AddSingleton<PixTools.Storage.WorkTempFolder>();
        services.AddValidatedOptions<RateLimitOptions>(RateLimitOptions.Section);
        services.AddOptions<ForwardedHeadersSettings>().BindConfiguration(ForwardedHeadersSettings.Section)
            .Validate(RateLimiting.ProxiesAreValid, "ForwardedHeaders:KnownProxies must be IP addresses and ForwardedHeaders:KnownNetworks CIDR networks (10.0.0.0/8)")
            .ValidateOnStart();
        services.AddPixToolsRateLimits();
        return services;
    }
}

/// <summary>Warms <see cref="AdmissionControl"/> before the server listens.</summary>
internal sealed class AdmissionWarmUp(AdmissionControl admission) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => admission.WarmUpAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
