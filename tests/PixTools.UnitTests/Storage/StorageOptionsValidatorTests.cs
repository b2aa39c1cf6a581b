using PixTools.Storage;

namespace PixTools.UnitTests.Storage;

public sealed class StorageOptionsValidatorTests
{
    private static IEnumerable<string> FailuresOf(StorageOptions options) =>
        new StorageOptionsValidator().Validate(null, options).Failures ?? [];

    [Fact]
    public void TheLocalProviderNeedsNoS3Settings() =>
        Assert.Empty(FailuresOf(new StorageOptions { Provider = "local" }));

    [Fact]
    public void TheS3ProviderNeedsABucketAndSaysSoByKey() =>
        Assert.Contains("Storage:S3:Bucket is required when Storage:Provider is s3", FailuresOf(new StorageOptions { Provider = "s3" }));

    [Fact]
    public void AnAccessKeyWithoutASecretIsRefused() =>
        Assert.Contains(FailuresOf(new StorageOptions { Provider = "s3", S3 = { Bucket = "b", AccessKey = "k" } }), f => f.StartsWith("Storage:S3:AccessKey and Storage:S3:SecretKey", StringComparison.Ordinal));

    [Fact]
    public void AServiceUrlMustBeAnAbsoluteHttpUrl() =>
        Assert.Contains("Storage:S3:ServiceUrl must be an absolute http(s) URL, got 'minio:9000'", FailuresOf(new StorageOptions { Provider = "s3", S3 = { Bucket = "b", ServiceUrl = "minio:9000" } }));

    [Fact]
    public void CompleteS3SettingsPass() =>
        Assert.Empty(FailuresOf(new StorageOptions { Provider = "s3", S3 = { Bucket = "b", ServiceUrl = "http://127.0.0.1:9000", AccessKey = "k", SecretKey = "s" } }));
}
