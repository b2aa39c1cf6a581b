using System.Diagnostics;

namespace PixTools.Testing;

/// <summary>HEIC test files made at run time by Debian's heif-enc (libheif-examples, installed by scripts/install-test-deps.sh).</summary>
public static class HeicFiles
{
    /// <summary>The PNG <paramref name="png"/> encoded as HEIC (HEVC, quality 50).</summary>
    public static byte[] FromPng(byte[] png) => FromPngs(png);

    /// <summary>
    /// The PNGs encoded as one HEIC of as many top-level images (HEVC, quality 50), the first of them the primary
    /// image; a PNG with alpha gives an image with an alpha plane.
    /// </summary>
    public static byte[] FromPngs(params byte[][] pngs)
    {
        var folder = Directory.CreateTempSubdirectory("pixtools-heic-test-");
        try
        {
            var inputs = pngs.Select((png, i) =>
            {
                var path = Path.Combine(folder.FullName, $"in{i}.png");
                File.WriteAllBytes(path, png);
                return path;
            }).ToList();
            var output = Path.Combine(folder.FullName, "out.heic");
            using var process = Process.Start(new ProcessStartInfo("heif-enc", ["-q", "50", "-o", output, .. inputs]) { RedirectStandardOutput = true, RedirectStandardError = true })
                ?? throw new InvalidOperationException("heif-enc did not start");
            var errors = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
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
