namespace PixTools.Storage;

/// <summary>No blob is stored under the key.</summary>
public sealed class BlobNotFoundException(string key) : Exception($"no blob is stored under '{key}'")
{
    public string Key { get; } = key;
}
