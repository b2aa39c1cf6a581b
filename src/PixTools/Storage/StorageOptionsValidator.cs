using Microsoft.Extensions.Options;

namespace PixTools.Storage;

/// <summary>The rules across fields of <see cref="StorageOptions"/>: what the s3 provider needs, named by key.</summary>
public sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        if (!string.Equals(options.Provider, "s3", StringComparison.OrdinalIgnoreCase)) return ValidateOptionsResult.Success;
        var s3 = options.S3;
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(s3.Bucket)) failures.Add("Storage:S3:Bucket is required when Storage:Provider is s3");
        if (string.IsNullOrWhiteSpace(s3.Region)) failures.Add("Storage:S3:Region is required when Storage:Provider is s3");
        if (!string.IsNullOrEmpty(s3.ServiceUrl)
            && !(Uri.TryCreate(s3.ServiceUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"))
        {
            failures.Add($"Storage:S3:ServiceUrl must be an absolute http(s) URL, got '{s3.ServiceUrl}'");
        }
        if (string.IsNullOrEmpty(s3.AccessKey) != string.IsNullOrEmpty(s3.SecretKey))
        {
            failures.Add("Storage:S3:AccessKey and Storage:S3:SecretKey must be given together (or both left empty for the default credential chain)");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
