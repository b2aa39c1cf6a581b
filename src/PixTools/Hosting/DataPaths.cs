namespace PixTools.Hosting;

/// <summary>
/// Where relative data paths (the SQLite file, the blob folder and the secrets kept beside it) live: under the folder
/// of the <c>DataDirectory</c> setting when it is set, else under the current working directory. Never under the
/// content root, which is the program's own build or publish folder: a rebuild or <c>dotnet clean</c> must not touch data.
/// </summary>
public static class DataPaths
{
    /// <summary>The setting naming the data folder (environment variable <c>PIXTOOLS_DATADIRECTORY</c>).</summary>
    public const string Setting = "DataDirectory";

    /// <summary>The data folder: the <c>DataDirectory</c> setting (relative to the working directory), or the working directory.</summary>
    public static string Root(IConfiguration configuration) =>
        Path.GetFullPath(configuration[Setting] is { Length: > 0 } configured ? configured : ".", Environment.CurrentDirectory);

    /// <summary><paramref name="path"/> itself when it is absolute, else the same path under <see cref="Root"/>.</summary>
    public static string Resolve(IConfiguration configuration, string path) => Path.GetFullPath(path, Root(configuration));
}
