using System.Diagnostics;

namespace PixTools.Testing;

/// <summary>HEIC test files made at run time by Debian's heif-enc (libheif-examples, installed by scripts/install-test-deps.sh).</summary>
public static class HeicFiles
{
    /// <summary>The PNG <paramref name="png"/> encoded as HEIC (HEVC, quality 50).</summary>
    public static byte[] FromPng(byte[] png)
    {
        var folder = Directory.CreateTempSubdirectory("pixtools-heic-test-");
        try
        {
            var input = Path.Combine(folder.FullName, "in.png");
            var output = Path.Combine(folder.FullName, "out.heic");
            File.WriteAllBytes(input, png);
            using var process = Process.Start(new ProcessStartInfo("heif-enc", ["-q", "50", "-o", output, input]) { RedirectStandardOutput = true, RedirectStandardError = true })
                ?? throw new InvalidOperationException("heif-enc did not start");
            var errors = process.StandardError.ReadToEndAsync();
            process.WaitForExit(60_000);
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"heif-enc (libheif-examples, installed by scripts/install-test-deps.sh) failed: {errors.Result}");
            return File.ReadAllBytes(output);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
