using System.Net;
using System.Net.Sockets;

namespace PixTools.Webhooks.Delivery;

/// <summary>
/// The connect step of the webhook HttpClient (SocketsHttpHandler.ConnectCallback): it resolves the host itself
/// and connects only to addresses <see cref="WebhookAddressGuard"/> allows. Checking the very addresses the socket
/// connects to is what stops DNS rebinding; a check before the request could be answered differently.
/// </summary>
internal static class WebhookConnector
{
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, bool allowPrivateNetworks, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host.Trim('[', ']');
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowed = allowPrivateNetworks ? addresses : addresses.Where(a => !WebhookAddressGuard.IsRefused(a)).ToArray();
        if (allowed.Length == 0) throw new WebhookAddressRefusedException(host, addresses);

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
