using System.Buffers;
using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using PixTools.Observability;

namespace PixTools.Storage;

/// <summary>
/// Blobs as objects in one S3 bucket. Puts stream the caller's stream straight into the request (a stream that
/// cannot seek goes up as a multipart upload, one part in memory at a time); downloads are presigned GET URLs
/// that name the file. A put is atomic on S3: a reader sees the old object or the whole new one.
/// </summary>
public sealed class S3BlobStore(IAmazonS3 s3, S3StorageOptions options, TimeSpan retention, ILogger<S3BlobStore> logger) : IBlobStore
{
    /// <summary>S3's smallest part but the last; each part of a non-seekable upload is held in memory.</summary>
    private const int PartBytes = 8 * 1024 * 1024;

    private static readonly string[] RetainedPrefixes = ["raw/", "processed/", "archives/"];

    private readonly string bucket = options.Bucket!;
    private readonly SemaphoreSlim readyLock = new(1, 1);
    private volatile bool ready;

    public async Task PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken)
    {
        await EnsureReadyAsync(cancellationToken);
        if (content.CanSeek)
        {
            await PutObjectAsync(key, content, contentType, cancellationToken);
            return;
        }
        await PutInPartsAsync(key, content, contentType, cancellationToken);
    }

    public async Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        await EnsureReadyAsync(cancellationToken);
        try
        {
            // Disposing the response stream releases the HTTP connection; the caller owns it.
            var response = await s3.GetObjectAsync(bucket, key, cancellationToken);
            return response.ResponseStream;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            throw new BlobNotFoundException(key);
        }
    }

    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        await EnsureReadyAsync(cancellationToken);
        try
        {
            await s3.GetObjectMetadataAsync(bucket, key, cancellationToken);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        await EnsureReadyAsync(cancellationToken);
        await s3.DeleteObjectAsync(bucket, key, cancellationToken); // S3 answers 204 for a missing key too
    }

    public async Task<string> GetDownloadUrlAsync(string key, string fileName, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var request = new GetPreSignedUrlRequest
        {
            BucketName = bucket,
            Key = key,
            Verb = HttpVerb.GET,
            Expires = DateTime.UtcNow + lifetime,
            // Presigned URLs default to https whatever the endpoint; a plain-http endpoint (MinIO in compose) needs http.
            Protocol = options.ServiceUrl?.StartsWith("http://", StringComparison.OrdinalIgnoreCase) == true ? Protocol.HTTP : Protocol.HTTPS,
        };
        // RFC 6266: filename*=UTF-8''… for the real (UTF-8) name, and an ASCII filename= for old clients.
        var disposition = new Microsoft.Net.Http.Headers.ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(fileName);
        request.ResponseHeaderOverrides.ContentDisposition = disposition.ToString();
        return await s3.GetPreSignedURLAsync(request);
    }

    private Task PutObjectAsync(string key, Stream content, string contentType, CancellationToken cancellationToken) =>
        s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            InputStream = content,
            ContentType = contentType,
            AutoCloseStream = false,
            // aws-chunked bodies are stored verbatim (chunk headers and all) by s3rver and some other servers.
            UseChunkEncoding = false,
        }, cancellationToken);

    private async Task PutInPartsAsync(string key, Stream content, string contentType, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(PartBytes);
        try
        {
            var length = await content.ReadAtLeastAsync(buffer.AsMemory(0, PartBytes), PartBytes, throwOnEndOfStream: false, cancellationToken);
            if (length < PartBytes)
            {
                await PutObjectAsync(key, new MemoryStream(buffer, 0, length, writable: false), contentType, cancellationToken);
                return;
            }
            var upload = await s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = key, ContentType = contentType }, cancellationToken);
            try
            {
                var parts = new List<PartETag>();
                while (length > 0)
                {
                    var part = await s3.UploadPartAsync(new UploadPartRequest
                    {
                        BucketName = bucket,
                        Key = key,
                        UploadId = upload.UploadId,
                        PartNumber = parts.Count + 1,
                        InputStream = new MemoryStream(buffer, 0, length, writable: false),
                        UseChunkEncoding = false,
                    }, cancellationToken);
                    parts.Add(new PartETag(parts.Count + 1, part.ETag));
                    length = await content.ReadAtLeastAsync(buffer.AsMemory(0, PartBytes), PartBytes, throwOnEndOfStream: false, cancellationToken);
                }
                await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = upload.UploadId, PartETags = parts }, cancellationToken);
            }
            catch
            {
                await s3.AbortMultipartUploadAsync(bucket, key, upload.UploadId, CancellationToken.None);
                throw;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Once per process, at first use: the bucket (when Storage:S3:CreateBucket) and its expiry rule.</summary>
    private async Task EnsureReadyAsync(CancellationToken cancellationToken)
    {
        if (ready) return;
        await readyLock.WaitAsync(cancellationToken);
        try
        {
            if (ready) return;
            if (options.CreateBucket) await CreateBucketIfMissingAsync(cancellationToken);
            await ApplyRetentionRuleAsync(cancellationToken);
            ready = true;
        }
        finally
        {
            readyLock.Release();
        }
    }

    private async Task CreateBucketIfMissingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket, UseClientRegion = true }, cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
        {
            // another process made it first, or it was there all along
        }
    }

    /// <summary>
    /// The bucket expires what the prune task may miss (blobs of a crashed put) a day or so after Jobs:Retention.
    /// Not every S3-compatible server has lifecycle rules (s3rver has none): then the prune task alone does it.
    /// </summary>
    private async Task ApplyRetentionRuleAsync(CancellationToken cancellationToken)
    {
        var days = Math.Max(1, (int)Math.Ceiling(retention.TotalDays));
        try
        {
            await s3.PutLifecycleConfigurationAsync(new PutLifecycleConfigurationRequest
            {
                BucketName = bucket,
                Configuration = new LifecycleConfiguration
                {
                    Rules = RetainedPrefixes.Select(prefix => new LifecycleRule
                    {
                        Id = $"pixtools-expire-{prefix.TrimEnd('/')}",
                        Status = LifecycleRuleStatus.Enabled,
                        Filter = new LifecycleFilter { LifecycleFilterPredicate = new LifecyclePrefixPredicate { Prefix = prefix } },
                        Expiration = new LifecycleRuleExpiration { Days = days },
                    }).ToList(),
                },
            }, cancellationToken);
        }
        catch (AmazonS3Exception e)
        {
            logger.BucketLifecycleUnavailable(bucket, e.ErrorCode ?? e.StatusCode.ToString());
        }
    }
}
