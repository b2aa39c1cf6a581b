namespace PixTools.Intake;

/// <summary>The fields of a POST /api/process form, read but not yet validated.</summary>
public sealed record UploadForm(UploadedFile? File, string? Operations, string? OperationParams, string? WebhookUrl, string? Outputs = null)
{
    /// <summary>The form of a batch: its outputs are written once for files of several formats.</summary>
    public bool ForABatch { get; init; }

    /// <summary>The field name of the first file part sent under a name other than <c>file</c> (not read), if any.</summary>
    public string? StrayFileField { get; init; }

    /// <summary>The refusal when no file part came: it names the field the client used instead, when there was one.</summary>
    public string MissingFileDetail(string withoutStray) => StrayFileField is { } stray
        ? $"file is required: the image must be sent in the form field named file, and this request sent it in a field named '{Printable(stray)}'"
        : withoutStray;

    private static string Printable(string name) =>
        new(name.Take(40).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}

/// <summary>The uploaded file: its bytes spooled to disk (at most Limits:MaxUploadBytes), the client's file name and declared type.</summary>
public sealed record UploadedFile(SpooledFile Content, string FileName, string? ContentType);
