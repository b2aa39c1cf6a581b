namespace PixTools.Finalize;

/// <summary>
/// The folder of each file in the batch ZIP: the file's name, and on a clash (ignoring case, as Windows and macOS
/// unpack) the next free "name (2)", "name (3)", ... in file order.
/// </summary>
public static class BatchFolderNames
{
    public static IReadOnlyList<string> For(IEnumerable<string> baseNames)
    {
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var folders = new List<string>();
        foreach (var baseName in baseNames)
        {
            var name = baseName.Length == 0 ? "image" : baseName;
            var folder = name;
            for (var n = 2; !taken.Add(folder); n++) folder = $"{name} ({n})";
            folders.Add(folder);
        }
        return folders;
    }
}
