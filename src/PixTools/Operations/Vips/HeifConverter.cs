using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using System.IO.Hashing;

namespace PixTools.Operations.Vips;

/// <summary>
/// Decodes HEIC/HEIF (iPhone photos) to PNG with Debian's <c>heif-convert</c> (package libheif-examples, libheif with
/// the libde265 HEVC decoder): NetVips.Native's libheif reads AVIF but has no HEVC decoder. The tool runs as a
/// separate process on temporary files, with a time limit, and is looked for once at start
/// (<see cref="Configure"/>); without it HEIC uploads are refused with 415 and <c>/api/capabilities</c> leaves
/// <c>heic</c> out of its inputs. libheif applies the file's rotation and mirroring (irot, imir) to the pixels; the
/// EXIF it copies into the PNG is dropped, since its orientation tag describes the pixels before that (HEIF, ISO/IEC
/// 23008-12 §6.5.13: the transformative properties are authoritative).
/// </summary>
public static class HeifConverter
{
    private static readonly TimeSpan KeptFor = TimeSpan.FromSeconds(30);
    private static string? _path;
    private static TimeSpan _timeout = TimeSpan.FromSeconds(30);
    private static RecentDecodes _recent = new(0, KeptFor, TimeProvider.System);

    /// <summary>True when the decoder was found at start.</summary>
    public static bool IsAvailable => _path is not null;

    /// <summary>Why HEIC cannot be read here, in words, when <see cref="IsAvailable"/> is false.</summary>
    public static string UnavailableReason { get; private set; } = "its HEVC decoder has not been looked for yet";

    /// <summary>
    /// Looks for the decoder (<paramref name="command"/>: a path, or a name searched on PATH) and remembers the time
    /// limit and how many bytes of recent decodes to keep (<see cref="RecentDecodes"/>).
    /// </summary>
    public static void Configure(string command, TimeSpan timeout, long cacheBytes)
    {
        _timeout = timeout;
        _recent = new RecentDecodes(cacheBytes, KeptFor, TimeProvider.System);
        _path = Resolve(command);
        UnavailableReason = _path is null
            ? $"its HEVC decoder '{command}' is not installed (on Debian: apt-get install libheif-examples)"
            : "";
    }

    /// <summary>The PNG of the primary image of <paramref name="heic"/>, oriented, without EXIF, with its ICC profile.</summary>
    public static byte[] ToPng(byte[] heic)
    {
        if (_path is null) throw new ImageInputException($"file is a HEIC image, which this server cannot read: {UnavailableReason}");
        return _recent.GetOrDecode(heic, Decode);
    }

    private static byte[] Decode(byte[] heic)
    {
        var folder = Directory.CreateTempSubdirectory("pixtools-heic-");
        try
        {
            var input = Path.Combine(folder.FullName, "source.heic");
            var output = Path.Combine(folder.FullName, "decoded.png");
            // The primary image alone, without its ICC profile (HeicItems): the profile goes back in beside the pixels.
            var (prepared, profile) = HeicItems.Prepare(heic);
            File.WriteAllBytes(input, prepared);
            Run(input, output);
            // With several top-level images heif-convert numbers its outputs (decoded-1.png, …); the first is the primary.
            var written = File.Exists(output) ? output : Path.Combine(folder.FullName, "decoded-1.png");
            // heif-convert exits 0 when libpng refuses to write what it decoded, leaving an empty file.
            if (!File.Exists(written) || new FileInfo(written).Length == 0)
                throw new ImageInputException("file is not a valid heic image: the decoder wrote no picture");
            return Finished(File.ReadAllBytes(written), profile);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static void Run(string input, string output)
    {
        var start = new ProcessStartInfo(_path!, [input, output])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {_path}");
        var errors = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(_timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new ImageInputException($"file is not a valid heic image: decoding took longer than {_timeout.TotalSeconds:0} s");
        }
        if (process.ExitCode != 0)
        {
            var reason = errors.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
            throw new ImageInputException($"file is not a valid heic image: {reason ?? "the decoder failed"}");
        }
    }

    /// <summary>
    /// The PNG without its eXIf chunk (and so without an orientation tag to apply twice), with <paramref name="profile"/>
    /// as its iCCP chunk after IHDR where there is one. A PNG whose chunks run past its end is refused.
    /// </summary>
    internal static byte[] Finished(byte[] png, byte[]? profile)
    {
        if (png.Length < 8 + 25 || !png.AsSpan(12, 4).SequenceEqual("IHDR"u8))
            throw new ImageInputException("file is not a valid heic image: the decoder wrote no picture");
        using var output = new MemoryStream(png.Length + (profile?.Length ?? 0));
        output.Write(png, 0, 8);
        var offset = 8;
        while (offset + 12 <= png.Length)
        {
            var size = 12L + BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset));
            if (offset + size > png.Length) throw new ImageInputException("file is not a valid heic image: the decoder wrote a damaged picture");
            var type = png.AsSpan(offset + 4, 4);
            if (!type.SequenceEqual("eXIf"u8) && !(profile is not null && type.SequenceEqual("iCCP"u8))) output.Write(png, offset, (int)size);
            if (profile is not null && type.SequenceEqual("IHDR"u8)) WriteIccp(output, profile);
            offset += (int)size;
        }
        return output.ToArray();
    }

    /// <summary>An iCCP chunk (PNG 1.2 §4.2.2.4): a profile name, compression method 0 and the zlib-compressed profile.</summary>
    private static void WriteIccp(Stream png, byte[] profile)
    {
        using var data = new MemoryStream();
        data.Write("iCCPICC Profile\0\0"u8);
        using (var zlib = new ZLibStream(data, CompressionLevel.Optimal, leaveOpen: true)) zlib.Write(profile);
        var chunk = data.GetBuffer().AsSpan(0, (int)data.Length);
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(number, (uint)(chunk.Length - 4));
        png.Write(number);
        png.Write(chunk);
        BinaryPrimitives.WriteUInt32BigEndian(number, Crc32.HashToUInt32(chunk));
        png.Write(number);
    }

    private static string? Resolve(string command)
    {
        if (command.Contains('/')) return File.Exists(command) ? command : null;
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, command))
            .FirstOrDefault(File.Exists);
    }
}
