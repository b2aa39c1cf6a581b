using System.Net;

namespace PixTools.Webhooks.Delivery;

/// <summary>A webhook host resolved only to addresses the SSRF rules refuse; the attempt is recorded as refused.</summary>
internal sealed class WebhookAddressRefusedException(string host, IReadOnlyList<IPAddress> addresses)
    : Exception($"refused: {host} resolves only to private or loopback addresses ({string.Join(", ", addresses.Take(4))})");
