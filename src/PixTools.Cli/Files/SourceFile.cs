namespace PixTools.Cli.Files;

/// <summary>A file to process: where it is, and its path relative to the folder it was found in (the tree mirrored under --out).</summary>
public sealed record SourceFile(string FullPath, string RelativePath);
