namespace PixTools.Storage;

/// <summary>An S3-compatible bucket (AWS, MinIO, R2, Ceph), section <c>Storage:S3</c>; used when Storage:Provider is <c>s3</c>.</summary>
public sealed class S3StorageOptions
{
    /// <summary>Endpoint of an S3-compatible server, e.g. <c>http://minio:9000</c>; empty for AWS itself (then <see cref="Region"/> picks the endpoint).</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>The region the requests are signed for (default <c>us-east-1</c>, which most S3-compatible servers accept).</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>The bucket holding every blob; required with the s3 provider.</summary>
    public string? Bucket { get; set; }

    /// <summary>Access key id; empty: the AWS SDK's default credential chain (environment, profile, instance or pod role).</summary>
    public string? AccessKey { get; set; }

    /// <summary>Secret access key, given together with <see cref="AccessKey"/>.</summary>
    public string? SecretKey { get; set; }

    /// <summary>Address the bucket as <c>{ServiceUrl}/{Bucket}/key</c> instead of a bucket host name (MinIO and most self-hosted servers need it).</summary>
    public bool ForcePathStyle { get; set; }

    /// <summary>Create the bucket at first use when it does not exist (default true).</summary>
    public bool CreateBucket { get; set; } = true;
}
