using PixTools.Storage;

namespace PixTools.IntegrationTests.Support;

/// <summary>Storage settings for the test s3rver, with the bucket a test owns.</summary>
public static class TestS3
{
    public static S3StorageOptions Options(string bucket) => new()
    {
        ServiceUrl = TestServices.S3ServiceUrl,
        AccessKey = TestServices.S3AccessKey,
        SecretKey = TestServices.S3SecretKey,
        Bucket = bucket,
        ForcePathStyle = true,
    };

    /// <summary>The same as PIXTOOLS_ variables, for a PixTools process.</summary>
    public static Dictionary<string, string> Environment(string bucket) => new()
    {
        ["PIXTOOLS_STORAGE__PROVIDER"] = "s3",
        ["PIXTOOLS_STORAGE__S3__SERVICEURL"] = TestServices.S3ServiceUrl,
        ["PIXTOOLS_STORAGE__S3__ACCESSKEY"] = TestServices.S3AccessKey,
        ["PIXTOOLS_STORAGE__S3__SECRETKEY"] = TestServices.S3SecretKey,
        ["PIXTOOLS_STORAGE__S3__BUCKET"] = bucket,
        ["PIXTOOLS_STORAGE__S3__FORCEPATHSTYLE"] = "true",
    };
}
