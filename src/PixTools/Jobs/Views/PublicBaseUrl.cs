using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Options;

namespace PixTools.Jobs.Views;

/// <summary>
/// The base address put in front of PixTools' own URLs (downloads, inboxes): Api:PublicBaseUrl when set, else the
/// request's scheme and host, else (a worker building a webhook payload, with no request) the server's first
/// listening address with a wildcard host read as <c>localhost</c>. Behind a proxy or with split roles, set
/// Api:PublicBaseUrl: only it is right for every process.
/// </summary>
public sealed class PublicBaseUrl(IOptions<PublicUrlOptions> options, IServer server)
{
    public string For(HttpRequest? request)
    {
        var configured = options.Value.PublicBaseUrl?.TrimEnd('/');
        if (!string.IsNullOrEmpty(configured)) return configured;
        if (request is not null) return $"{request.Scheme}://{request.Host}{request.PathBase}";
        var listening = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (listening is null) return "http://localhost";
        return listening.TrimEnd('/').Replace("://+", "://localhost").Replace("://*", "://localhost")
            .Replace("://0.0.0.0", "://localhost").Replace("://[::]", "://localhost");
    }
}
