using System.Buffers;
using System.IO.MemoryMappedFiles;
using System.Security.Cryptography;
using PixTools.Resilience;

namespace PixTools.Intake;

/// <summary>
/// An uploaded file as it arrived, written to this process's temporary folder while it was read (never held in
/// memory: a buffer of <see cref="ChunkBytes"/> per upload); hashed only when asked (an Idempotency-Key's fingerprint). The checks read its first bytes,
/// walk its blocks through a read-only memory map, and storage takes it from disk (a local store links it, copying
/// nothing). The file is deleted when this is disposed (the request registers it for that), and with the process's
/// folder if the process dies first.
/// </summary>
public sealed class SpooledFile : IDisposable, IAsyncDisposable
{
    private const int ChunkBytes = 81920;
    private readonly FileStream stream;
    private byte[]? sha256;

    private SpooledFile(FileStream stream, long length)
    {
        this.stream = stream;
        Length = length;
    }

    /// <summary>Where the bytes are (for libvips, which reads the header from the file).</summary>
    public string Path => stream.Name;

    public long Length { get; }

    /// <summary>
    /// The SHA-256 of the bytes, computed on first use from the file (its pages are still in the page cache): only a
    /// request with an Idempotency-Key needs it, so the others do not pay for it (7 % of an accept's CPU, measured).
    /// </summary>
    public byte[] Sha256
    {
        get
        {
            if (sha256 is not null) return sha256;
            using var mapped = Map();
            return sha256 = SHA256.HashData(mapped.Span);
        }
    }

    /// <summary>
    /// Copies <paramref name="body"/> into a new file in <paramref name="folder"/>; null (and nothing left behind) as soon
    /// as it passes <paramref name="maxBytes"/>. <c>Read</c> is how many bytes were read, past the cap included.
    /// </summary>
    public static async Task<(SpooledFile? File, long Read)> WriteAsync(Stream body, long maxBytes, string folder, CancellationToken cancellationToken)
    {
        var path = System.IO.Path.Combine(folder, $"upload-{Guid.NewGuid():N}");
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete, 0, FileOptions.DeleteOnClose);
        }
        catch (IOException error) when (error is not DirectoryNotFoundException)
        {
            throw ServerSide(error);
        }
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            long length = 0;
            while (true)
            {
                // A whole chunk per write: a read of a multipart section may be short, and each write is a system call.
                var filled = 0;
                int read;
                while (filled < ChunkBytes && (read = await body.ReadAsync(chunk.AsMemory(filled, ChunkBytes - filled), cancellationToken)) > 0)
                {
                    filled += read;
                    if (length + filled > maxBytes)
                    {
                        await stream.DisposeAsync();
                        return (null, length + filled);
                    }
                }
                if (filled == 0) break;
                // Written in place, not through the thread pool: a write to the page cache is shorter than the hand-off
                // an asynchronous file write costs on Linux (every one of those is a blocking write on a pool thread).
                try
                {
                    RandomAccess.Write(stream.SafeFileHandle, chunk.AsSpan(0, filled), length);
                }
                catch (IOException error)
                {
                    throw ServerSide(error);
                }
                length += filled;
            }
            return (new SpooledFile(stream, length), length);
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    /// <summary>What a client is told when the server's disk has no room for its upload.</summary>
    public const string NoRoom = "The server has no room left to take uploads at the moment. Please try again later.";

    /// <summary>What a client is told when the server has run out of open files for the moment (a crowd of uploads).</summary>
    public const string TooBusy = "The server is too busy to take the upload at the moment. Please try again shortly.";

    /// <summary>
    /// A failure of this server's own file (not of reading the request, which is the client's): a full disk or too many
    /// open files pass, and are answered 503 with Retry-After (Api.UnhandledExceptionHandler); anything else is a fault
    /// of the server, a 500 with its request id and the details in the log. Never a 400 naming a path of the server.
    /// </summary>
    private static Exception ServerSide(IOException error) => error.HResult switch
    {
        _ when DependencyFailures.IsDiskFull(error) => new DependencyUnavailableException("storage", NoRoom, error),
        23 or 24 when !OperatingSystem.IsWindows() => new DependencyUnavailableException("storage", TooBusy, error), // ENFILE, EMFILE
        _ => new InvalidOperationException("The upload could not be written to this server's work folder.", error),
    };

    /// <summary>The first bytes of the file (fewer when it is shorter), for sniffing its format.</summary>
    public byte[] Head(int count)
    {
        var head = new byte[(int)Math.Min(count, Length)];
        var read = RandomAccess.Read(stream.SafeFileHandle, head, 0);
        return read == head.Length ? head : head[..read];
    }

    /// <summary>A stream over the whole file from its start, for storage.</summary>
    public Stream OpenRead() =>
        new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, ChunkBytes, FileOptions.Asynchronous | FileOptions.SequentialScan);

    /// <summary>The file's bytes as a read-only memory map (empty for an empty file): its pages come from the page cache, not the heap.</summary>
    public MappedBytes Map() => Length == 0 ? MappedBytes.Empty : new MappedBytes(stream, Length);

    public void Dispose() => stream.Dispose();

    public ValueTask DisposeAsync() => stream.DisposeAsync();
}

/// <summary>A read-only view of a <see cref="SpooledFile"/>; <see cref="Span"/> is valid until it is disposed.</summary>
public sealed unsafe class MappedBytes : IDisposable
{
    private readonly MemoryMappedFile? file;
    private readonly MemoryMappedViewAccessor? view;
    private readonly byte* start;
    private readonly int length;

    public static MappedBytes Empty { get; } = new();

    private MappedBytes()
    {
    }

    internal MappedBytes(FileStream stream, long length)
    {
        if (length > int.MaxValue) throw new ArgumentOutOfRangeException(nameof(length), "a spooled upload is at most 2 GiB");
        file = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
        view = file.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        start = pointer + view.PointerOffset;
        this.length = (int)length;
    }

    public ReadOnlySpan<byte> Span => start == null ? [] : new ReadOnlySpan<byte>(start, length);

    public void Dispose()
    {
        if (view is null) return;
        view.SafeMemoryMappedViewHandle.ReleasePointer();
        view.Dispose();
        file!.Dispose();
    }
}
