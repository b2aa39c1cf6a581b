namespace PixTools.Intake;

/// <summary>The fields of a POST /api/process form, read but not yet validated.</summary>
public sealed record UploadForm(UploadedFile? File, string? Operations, string? OperationParams, string? WebhookUrl, string? Outputs = null);

/// <summary>The uploaded file: its bytes spooled to disk (at most Limits:MaxUploadBytes), the client's file name and declared type.</summary>
public sealed record UploadedFile(SpooledFile Content, string FileName, string? ContentType);
