namespace PixTools.Cli.Files;

/// <summary>
/// Expands the PATH arguments: a file is taken as it is (relative path: its name); a folder gives its images
/// (by extension), its subfolders' too with --recursive, each relative to that folder. Files under the output
/// folder and hidden or partial files are left out.
/// </summary>
public static class SourceScanner
{
    public static readonly string[] ImageExtensions = [".jpg", ".jpeg", ".png", ".webp", ".avif", ".tif", ".tiff", ".gif", ".heic", ".heif"];

    public static (IReadOnlyList<SourceFile> Files, IReadOnlyList<string> Missing) Scan(IEnumerable<string> paths, bool recursive, string? outputFolder)
    {
        var files = new List<SourceFile>();
        var missing = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var full = Path.GetFullPath(path);
            if (File.Exists(full))
            {
                if (seen.Add(full)) files.Add(new SourceFile(full, Path.GetFileName(full)));
            }
            else if (Directory.Exists(full))
            {
                foreach (var file in ImagesIn(full, recursive, outputFolder).Where(seen.Add))
                {
                    files.Add(new SourceFile(file, Path.GetRelativePath(full, file)));
                }
            }
            else
            {
                missing.Add(path);
            }
        }
        return (files, missing);
    }

    /// <summary>Whether a path found in a folder is an image to process (not hidden, not partial, not under the output folder).</summary>
    public static bool IsCandidate(string fullPath, string? outputFolder)
    {
        var name = Path.GetFileName(fullPath);
        if (name.StartsWith('.') || !ImageExtensions.Contains(Path.GetExtension(name).ToLowerInvariant())) return false;
        return outputFolder is null || !IsUnder(fullPath, outputFolder);
    }

    public static bool IsUnder(string path, string folder)
    {
        var relative = Path.GetRelativePath(folder, path);
        return relative != ".." && !relative.StartsWith("../", StringComparison.Ordinal) && !Path.IsPathRooted(relative);
    }

    private static IEnumerable<string> ImagesIn(string folder, bool recursive, string? outputFolder)
    {
        return FolderWalker.Files(folder, recursive)
            .Where(f => IsCandidate(f, outputFolder))
            .Order(StringComparer.Ordinal);
    }
}
