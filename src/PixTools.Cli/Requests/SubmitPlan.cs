namespace PixTools.Cli.Requests;

/// <summary>
/// One file's POST /api/process: its form fields (beside the file) and the outputs they will produce.
/// <see cref="Signature"/> is the fields in a fixed order: with the file's hash it makes the Idempotency-Key.
/// </summary>
public sealed record SubmitPlan(
    IReadOnlyList<KeyValuePair<string, string>> Fields,
    IReadOnlyList<PlannedOutput> Outputs,
    IReadOnlyList<string> NotMade)
{
    public string Signature => string.Join("\n", Fields.Select(f => $"{f.Key}={f.Value}"));
}

/// <summary>
/// One file the job makes. <see cref="ResultKey"/> names it in the job's answer: the operation in
/// <c>result_urls</c> (operations form) or the output's name in <c>results</c> (outputs form). <see cref="Suffix"/>,
/// for a recipe's named output, goes between the file's name and its extension (<c>photo.thumb.webp</c>).
/// </summary>
public sealed record PlannedOutput(string ResultKey, string Extension, bool InResults, string? Suffix = null);
