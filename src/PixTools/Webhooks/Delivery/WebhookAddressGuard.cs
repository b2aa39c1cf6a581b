using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using PixTools.Intake;

namespace PixTools.Webhooks.Delivery;

/// <summary>
/// The SSRF rules for webhook destinations. Loopback, private, link-local, unique-local, carrier-grade NAT,
/// cloud-metadata and other non-public addresses are refused unless Webhooks:AllowPrivateNetworks is on.
/// At submit only what the URL itself names is judged (an IP literal, <c>localhost</c>); the real check is at
/// delivery, on the addresses DNS answers at connect time (<see cref="WebhookConnector"/>), which also
/// defeats a name that rebinds to a private address after it was accepted.
/// </summary>
/// <remarks>Public for Intake's submit check; built by <see cref="WebhooksRegistration"/> from the folder's own parts.</remarks>
public sealed class WebhookAddressGuard
{
    private readonly WebhookInboxes inboxes;
    private readonly IOptions<WebhookOptions> options;

    internal WebhookAddressGuard(WebhookInboxes inboxes, IOptions<WebhookOptions> options)
    {
        this.inboxes = inboxes;
        this.options = options;
    }

    /// <summary>Null when <paramref name="url"/> (already syntax-checked) may be used; else a 422 naming <paramref name="field"/>.</summary>
    public async Task<Problem?> CheckSubmittedAsync(string url, string field, CancellationToken cancellationToken)
    {
        if (options.Value.AllowPrivateNetworks || !NamesRefusedAddress(new Uri(url))) return null;
        // PixTools' own inboxes are delivered in-process, never over the network, so their host is no risk.
        if (await inboxes.IsInboxUrlAsync(url, cancellationToken)) return null;
        return Problem.Unprocessable($"{field} must not point to a private or loopback address, got '{ParamReader.Shorten(url)}'");
    }

    /// <summary>Whether the URL's host is an IP literal in a refused range or a name that means loopback (RFC 6761).</summary>
    public static bool NamesRefusedAddress(Uri url)
    {
        var host = url.DnsSafeHost.TrimEnd('.');
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(host, out var address) && IsRefused(address);
    }

    /// <summary>Whether a webhook must not connect to <paramref name="address"/> (IANA special-purpose ranges).</summary>
    public static bool IsRefused(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        var b = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork) return IsRefusedV4(b);
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return true;

        if (address.Equals(IPAddress.IPv6Loopback) || address.Equals(IPAddress.IPv6None)) return true;
        if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast) return true;
        if ((b[0] & 0xFE) == 0xFC) return true; // fc00::/7 unique-local, AWS's metadata fd00:ec2::254 among them
        // Forms that carry an IPv4 address inside: NAT64 64:ff9b::/96, IPv4-compatible ::/96, 6to4 2002::/16.
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && b.Skip(4).Take(8).All(x => x == 0)) return IsRefusedV4(b[12..]);
        if (b.Take(12).All(x => x == 0)) return IsRefusedV4(b[12..]);
        if (b[0] == 0x20 && b[1] == 0x02) return IsRefusedV4(b[2..6]);
        return b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8; // 2001:db8::/32 documentation
    }

    private static bool IsRefusedV4(byte[] b) => b[0] switch
    {
        0 or 10 or 127 => true,                   // "this network", private, loopback
        100 => (b[1] & 0xC0) == 64,               // 100.64/10 carrier-grade NAT (Alibaba's metadata 100.100.100.200)
        169 => b[1] == 254,                       // 169.254/16 link-local, 169.254.169.254 cloud metadata
        172 => (b[1] & 0xF0) == 16,               // 172.16/12
        192 => b[1] == 168 || (b[1] == 0 && b[2] is 0 or 2), // 192.168/16, 192.0.0/24, 192.0.2/24
        198 => (b[1] & 0xFE) == 18 || (b[1] == 51 && b[2] == 100), // 198.18/15 benchmarking, 198.51.100/24
        203 => b[1] == 0 && b[2] == 113,          // 203.0.113/24 documentation
        >= 224 => true,                           // multicast, reserved, 255.255.255.255 broadcast
        _ => false,
    };
}
