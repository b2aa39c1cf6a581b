using System.Text.Json;

namespace PixTools.Cli.Client;

internal static class HttpContentJson
{
    /// <summary>The body as JSON, or default when it is empty or not JSON (a proxy's HTML error page, say).</summary>
    public static async Task<JsonElement> ReadFromJsonAsync(this HttpContent content, CancellationToken cancellationToken)
    {
        var text = await content.ReadAsStringAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text)) return default;
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return default;
        }
    }
}
