using System.IO.Compression;
using System.Text.Json;
using PixTools.Storage;

namespace PixTools.Finalize;

/// <summary>
/// Writes the members of a ZIP (a job's bundle, a batch's) into a temporary file and stores that as one blob, so memory
/// is bounded by the copy buffer, not by the size of the results. On a seekable stream ZipArchive writes each member
/// straight through (it seeks back to patch the sizes and CRC into the local header), so only the copy buffer and the
/// deflater's window are held in memory.
/// </summary>
internal static class ZipBundle
{
    private const int CopyBufferBytes = 81920;

    /// <summary>
    /// Writes <paramref name="members"/> into <paramref name="tempFile"/> (deleted when closed), each dated
    /// <paramref name="writtenAt"/> (UTC), and stores it at <paramref name="key"/>; returns the ZIP's size in bytes.
    /// </summary>
    public static async Task<long> StoreAsync(
        IBlobStore blobs, string tempFile, string key, IReadOnlyList<ArchiveMember> members, DateTime writtenAt, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(tempFile, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, CopyBufferBytes,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await WriteZipAsync(file, blobs, members, new DateTimeOffset(DateTime.SpecifyKind(writtenAt, DateTimeKind.Utc)), cancellationToken);

        var bytes = file.Length;
        file.Position = 0;
        await blobs.PutAsync(key, file, "application/zip", cancellationToken);
        return bytes;
    }

    private static async Task WriteZipAsync(
        Stream destination, IBlobStore blobs, IReadOnlyList<ArchiveMember> members, DateTimeOffset stamp, CancellationToken cancellationToken)
    {
        await using var zip = await ZipArchive.CreateAsync(destination, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, cancellationToken);
        foreach (var member in members)
        {
            // Images are already compressed (PNG deflate, JPEG/WebP/AVIF entropy coding): deflating them again spends
            // CPU to save well under 1 %, so they are stored as they are. The metadata JSON is text and shrinks well.
            var level = member.BlobKey is null ? CompressionLevel.Optimal : CompressionLevel.NoCompression;
            var entry = zip.CreateEntry(member.Name, level);
            entry.LastWriteTime = stamp;
            await using var target = await entry.OpenAsync(cancellationToken);
            if (member.BlobKey is { } key)
            {
                await using var source = await blobs.OpenReadAsync(key, cancellationToken);
                await source.CopyToAsync(target, CopyBufferBytes, cancellationToken);
            }
            else
            {
                await WriteIndentedJsonAsync(target, member.Json!, cancellationToken);
            }
        }
    }

    /// <summary>The stored metadata JSON, indented for a person opening the bundle; the values are the job view's.</summary>
    private static async Task WriteIndentedJsonAsync(Stream target, string json, CancellationToken cancellationToken)
    {
        using var document = JsonDocument.Parse(json);
        await using var writer = new Utf8JsonWriter(target, new JsonWriterOptions { Indented = true });
        document.WriteTo(writer);
        await writer.FlushAsync(cancellationToken);
    }
}

/// <summary>One file of a bundle: a stored result (<see cref="BlobKey"/>) or text written by the builder (<see cref="Json"/>).</summary>
internal sealed record ArchiveMember(string Name, string? BlobKey, string? Json);
