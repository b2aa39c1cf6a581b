using System.Buffers.Binary;
using System.Diagnostics;

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
    private static string? _path;
    private static TimeSpan _timeout = TimeSpan.FromSeconds(30);

    /// <summary>True when the decoder was found at start.</summary>
    public static bool IsAvailable => _path is not null;

    /// <summary>Why HEIC cannot be read here, in words, when <see cref="IsAvailable"/> is false.</summary>
    public static string UnavailableReason { get; private set; } = "its HEVC decoder has not been looked for yet";

    /// <summary>Looks for the decoder (<paramref name="command"/>: a path, or a name searched on PATH) and remembers the time limit.</summary>
    public static void Configure(string command, TimeSpan timeout)
    {
        _timeout = timeout;
        _path = Resolve(command);
        UnavailableReason = _path is null
            ? $"its HEVC decoder '{command}' is not installed (on Debian: apt-get install libheif-examples)"
            : "";
    }

    /// <summary>The PNG of the primary image of <paramref name="heic"/>, oriented, without EXIF.</summary>
    public static byte[] ToPng(byte[] heic)
    {
        if (_path is null) throw new ImageInputException($"file is a HEIC image, which this server cannot read: {UnavailableReason}");
        var folder = Directory.CreateTempSubdirectory("pixtools-heic-");
        try
        {
            var input = Path.Combine(folder.FullName, "source.heic");
            var output = Path.Combine(folder.FullName, "decoded.png");
            File.WriteAllBytes(input, heic);
            Run(input, output);
            // With several top-level images heif-convert numbers its outputs (decoded-1.png, …); the first is the primary.
            var written = File.Exists(output) ? output : Path.Combine(folder.FullName, "decoded-1.png");
            if (!File.Exists(written)) throw new ImageInputException("file is not a valid heic image: the decoder wrote no picture");
            return WithoutExif(File.ReadAllBytes(written));
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

    /// <summary>The PNG without its eXIf chunk (and so without an orientation tag to apply twice).</summary>
    internal static byte[] WithoutExif(byte[] png)
    {
        using var output = new MemoryStream(png.Length);
        output.Write(png, 0, 8);
        var offset = 8;
        while (offset + 12 <= png.Length)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset));
            var size = 12 + length;
            if (!png.AsSpan(offset + 4, 4).SequenceEqual("eXIf"u8)) output.Write(png, offset, size);
            offset += size;
        }
        return output.ToArray();
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
