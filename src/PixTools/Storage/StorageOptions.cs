using System.ComponentModel.DataAnnotations;

namespace PixTools.Storage;

/// <summary>Blob storage, section <c>Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary><c>local</c> (a folder on disk, the embedded default) or <c>s3</c> (an S3-compatible bucket, see <see cref="S3"/>).</summary>
    [Required, RegularExpression("^(local|s3)$", ErrorMessage = "Storage:Provider must be 'local' or 's3'")]
    public string Provider { get; set; } = "local";

    /// <summary>How long a download URL stays valid (default 1 hour), signed or presigned afresh on every poll.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "7.00:00:00", ErrorMessage = "Storage:DownloadUrlLifetime must be between 10 s and 7 days")]
    public TimeSpan DownloadUrlLifetime { get; set; } = TimeSpan.FromHours(1);

    public LocalStorageOptions Local { get; set; } = new();

    public S3StorageOptions S3 { get; set; } = new();
}

/// <summary>The local folder store, section <c>Storage:Local</c>.</summary>
public sealed class LocalStorageOptions
{
    /// <summary>Folder holding the blobs; relative paths are under the data folder (<c>DataDirectory</c>, else the working directory; default <c>data/blobs</c>).</summary>
    [Required]
    public string Root { get; set; } = "data/blobs";

    /// <summary>
    /// Secret for signing download URLs (at least 32 characters). When empty, a random key is made once and
    /// kept in <c>{Root}/../signing.key</c>, so URLs stay valid across restarts and processes sharing the folder.
    /// </summary>
    public string? SigningKey { get; set; }
}
