using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using PixTools.Storage;

namespace PixTools.Hosting;

/// <summary>Reads Storage:Provider once and registers exactly one <see cref="IBlobStore"/>.</summary>
public static class StorageRegistration
{
    public static IServiceCollection AddStorage(this IServiceCollection services, IHostEnvironment environment)
    {
        services.AddValidatedOptions<StorageOptions>(StorageOptions.Section);
        services.AddSingleton(sp =>
        {
            var local = sp.GetRequiredService<IOptions<StorageOptions>>().Value.Local;
            return new SignedUrls(SigningKey(RootOf(environment, local), local.SigningKey), sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<IBlobStore>(sp =>
        {
            var store = new FileSystemBlobStore(RootOf(environment, sp.GetRequiredService<IOptions<StorageOptions>>().Value.Local), sp.GetRequiredService<SignedUrls>());
            store.DeleteAbandonedTemporaryFiles();
            return store;
        });
        return services;
    }

    private static string RootOf(IHostEnvironment environment, LocalStorageOptions local) =>
        Path.GetFullPath(Path.Combine(environment.ContentRootPath, local.Root));

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
