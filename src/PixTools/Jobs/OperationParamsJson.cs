using System.Text.Json;
using System.Text.Json.Serialization;
using PixTools.Operations;

namespace PixTools.Jobs;

/// <summary>How validated operation parameters are stored in the job row and carried to workers.</summary>
public static class OperationParamsJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>
    /// The key only a recipe that denoises has (its strength; nulls are not written): the runs of the <c>ml</c> queue
    /// (<see cref="Queue.RunDispatch.QueueOf"/>), found by a text search where a query cannot read the JSON.
    /// </summary>
    public const string DenoiseMarker = "\"strength\":";

    public static string Serialize(OperationParams value) => JsonSerializer.Serialize(value, Options);

    public static OperationParams Deserialize(string json) => JsonSerializer.Deserialize<OperationParams>(json, Options) ?? OperationParams.None;
}
