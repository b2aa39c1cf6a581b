using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;
using Amazon.S3;
using Microsoft.Extensions.Options;
using PixTools.Jobs;
using PixTools.Storage;

namespace PixTools.Hosting;

/// <summary>Reads Storage:Provider once and registers exactly one <see cref="IBlobStore"/>.</summary>
public static class StorageRegistration
{
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddValidatedOptions<StorageOptions>(StorageOptions.Section);
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        var provider = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>()?.Provider ?? "local";
        switch (provider.Trim().ToLowerInvariant())
        {
            case "local":
                AddLocal(services, configuration);
                break;
            case "s3":
                AddS3(services);
                break;
            default:
                throw new OptionsValidationException(StorageOptions.Section, typeof(StorageOptions), [$"Storage:Provider must be 'local' or 's3', got '{provider}'"]);
        }
        return services;
    }

    private static void AddLocal(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(sp =>
        {
            var local = sp.GetRequiredService<IOptions<StorageOptions>>().Value.Local;
            return new SignedUrls(SigningKey(RootOf(configuration, local), local.SigningKey), sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<IBlobStore>(sp =>
        {
            var store = new FileSystemBlobStore(RootOf(configuration, sp.GetRequiredService<IOptions<StorageOptions>>().Value.Local), sp.GetRequiredService<SignedUrls>());
            store.DeleteAbandonedTemporaryFiles();
            return store;
        });
    }

    private static void AddS3(IServiceCollection services)
    {
        // The bucket serves downloads through presigned URLs; /api/files/... signs nothing, so a random key refuses all.
        services.AddSingleton(sp => new SignedUrls(RandomNumberGenerator.GetBytes(32), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IAmazonS3>(sp => S3ClientOf(sp.GetRequiredService<IOptions<StorageOptions>>().Value.S3));
        services.AddSingleton<IBlobStore>(sp => new S3BlobStore(
            sp.GetRequiredService<IAmazonS3>(),
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.S3,
            sp.GetRequiredService<IOptions<JobsOptions>>().Value.Retention,
            sp.GetRequiredService<ILogger<S3BlobStore>>()));
    }

    /// <summary>The S3 client for AWS or an S3-compatible server.</summary>
    public static AmazonS3Client S3ClientOf(S3StorageOptions s3)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = s3.ForcePathStyle,
            // AWSSDK 4 adds CRC checksums to every request and checks every response by default; many
            // S3-compatible servers (s3rver, older MinIO, Ceph) refuse or lack them. Only where S3 requires them.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (!string.IsNullOrEmpty(s3.ServiceUrl))
        {
            config.ServiceURL = s3.ServiceUrl;
            config.AuthenticationRegion = s3.Region;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(s3.Region);
        }
        return string.IsNullOrEmpty(s3.AccessKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(s3.AccessKey, s3.SecretKey), config);
    }

    private static string RootOf(IConfiguration configuration, LocalStorageOptions local) => DataPaths.Resolve(configuration, local.Root);

    /// <summary>The configured key, or one made once and kept beside the blob folder so every process sharing it agrees.</summary>
    private static byte[] SigningKey(string root, string? configured)
    {
        if (!string.IsNullOrEmpty(configured))
        {
            if (configured.Length < 32) throw new OptionsValidationException(StorageOptions.Section, typeof(StorageOptions), ["Storage:Local:SigningKey must be at least 32 characters"]);
            return Encoding.UTF8.GetBytes(configured);
        }
        var file = SecretFile.BesideBlobRoot(root, "signing.key");
        return Encoding.ASCII.GetBytes(SecretFile.ReadOrCreate(file, () => Convert.ToHexString(RandomNumberGenerator.GetBytes(32))));
    }
}
