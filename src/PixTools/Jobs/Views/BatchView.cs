namespace PixTools.Jobs.Views;

/// <summary>The JSON of GET /api/batches/{id}, of its events and of the batch webhook (API.md).</summary>
public sealed record BatchView(
    Guid BatchId,
    string Status,
    int Total,
    int Completed,
    int Failed,
    IReadOnlyList<BatchJobView> Jobs,
    string? ArchiveUrl,
    string CreatedAt);

/// <summary>One file of the batch: its job, the file's name and the job's status.</summary>
public sealed record BatchJobView(Guid JobId, string FileName, string Status);
