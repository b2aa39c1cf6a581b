using System.Text.Json;

namespace PixTools.Jobs;

/// <summary>A file of a batch refused at upload, and why: listed in the 202 answer and kept on the batch for replays.</summary>
public sealed record RefusedFile(string FileName, string Detail)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static string Serialize(IReadOnlyList<RefusedFile> files) => JsonSerializer.Serialize(files, Json);

    public static IReadOnlyList<RefusedFile> Deserialize(string json) => JsonSerializer.Deserialize<List<RefusedFile>>(json, Json) ?? [];
}
