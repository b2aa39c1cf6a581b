namespace PixTools.Hosting;

/// <summary>A secret made once and kept in a file beside the blob folder, so restarts and processes sharing the folder agree.</summary>
public static class SecretFile
{
    /// <summary>The secret in <paramref name="file"/>; when there is none, <paramref name="create"/> makes one and it is stored.</summary>
    public static string ReadOrCreate(string file, Func<string> create, Action? onCreated = null)
    {
        if (!File.Exists(file))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            // Written aside and moved in without overwrite: of two processes starting together, one secret wins whole.
            var temp = $"{file}.{Guid.NewGuid():N}";
            File.WriteAllText(temp, create());
            try
            {
                File.Move(temp, file, overwrite: false);
                onCreated?.Invoke();
            }
            catch (IOException) when (File.Exists(file))
            {
                File.Delete(temp);
            }
        }
        return File.ReadAllText(file).Trim();
    }

    /// <summary>The path of a secret kept beside the blob folder <paramref name="blobRoot"/>.</summary>
    public static string BesideBlobRoot(string blobRoot, string name) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(blobRoot).TrimEnd(Path.DirectorySeparatorChar))!, name);
}
