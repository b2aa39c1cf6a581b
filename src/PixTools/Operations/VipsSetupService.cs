using Microsoft.Extensions.Options;

namespace PixTools.Operations;

/// <summary>
/// Applies <see cref="VipsSetup"/> when the host starts. Register it before the hosted services that process
/// images (hosted services start in registration order), e.g. <c>services.AddHostedService&lt;VipsSetupService&gt;()</c>
/// first in Hosting.
/// </summary>
public sealed class VipsSetupService(IOptions<ImagingOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        VipsSetup.Apply(options.Value);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
