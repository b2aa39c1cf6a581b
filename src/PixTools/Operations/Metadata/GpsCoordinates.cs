using System.Text.Json.Serialization;

namespace PixTools.Operations.Metadata;

/// <summary>The <c>gps</c> value of the job view's metadata: decimal degrees, negative for S and W (API.md).</summary>
public sealed record GpsCoordinates(
    [property: JsonPropertyName("latitude")] double Latitude,
    [property: JsonPropertyName("longitude")] double Longitude);
