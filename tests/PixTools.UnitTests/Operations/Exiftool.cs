using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using NetVips;
using PixTools.Operations;

namespace PixTools.UnitTests.Operations;

/// <summary>
/// Runs Phil Harvey's exiftool (Debian: libimage-exiftool-perl), a writer of EXIF that is not ours, so the tests
/// read what another tool wrote. A missing exiftool fails the test with the install line: nothing is skipped.
/// </summary>
public static class Exiftool
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Writes tags in place (<c>-overwrite_original</c>), each file with its own arguments (one exiftool option each,
    /// such as <c>-ISO=200</c>), in one exiftool process: <c>-execute</c> runs each file's command in turn, which
    /// spares a Perl start per file.
    /// </summary>
    public static void WriteAll(IReadOnlyList<(string File, IReadOnlyList<string> Arguments)> writes)
    {
        var arguments = writes.SelectMany((w, i) => (IEnumerable<string>)[.. i > 0 ? ["-execute"] : Array.Empty<string>(), "-overwrite_original", .. w.Arguments, w.File]);
        var (exitCode, stdout, stderr) = Run(arguments.ToList());
        var updated = stdout.Split('\n').Count(line => line.Trim() == "1 image files updated");
        Assert.True(exitCode == 0 && updated == writes.Count,
            $"exiftool updated {updated} of {writes.Count} files (exit {exitCode}): {stdout} {stderr}");
    }

    /// <summary>
    /// Every tag exiftool reads from each file, keyed by family-1 group and name ("GPS:GPSLatitudeRef"), with <c>-n</c>:
    /// numbers as stored (no "1/8000" print conversion), GPS coordinates unsigned with their refs apart.
    /// </summary>
    public static Dictionary<string, Dictionary<string, JsonElement>> ReadAll(IReadOnlyList<string> files)
    {
        var (exitCode, stdout, stderr) = Run(["-json", "-n", "-G1", .. files]);
        Assert.True(exitCode == 0, $"exiftool could not read the files (exit {exitCode}): {stderr}");
        return JsonDocument.Parse(stdout).RootElement.EnumerateArray().ToDictionary(
            file => file.GetProperty("SourceFile").GetString()!,
            file => file.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal),
            StringComparer.Ordinal);
    }

    /// <summary>A small image of a shared photo in <paramref name="format"/>, saved by libvips with no metadata at all.</summary>
    public static string BaseImage(string folder, ImageFormat format, string photo = "coffee.png")
    {
        TestImages.EnsureVipsSetUp();
        using var image = Image.NewFromFile(TestPhotos.PathOf(photo)).Resize(0.1);
        var bytes = format.Extension switch
        {
            "jpg" => image.JpegsaveBuffer(keep: Enums.ForeignKeep.None),
            "png" => image.PngsaveBuffer(keep: Enums.ForeignKeep.None),
            "webp" => image.WebpsaveBuffer(keep: Enums.ForeignKeep.None),
            _ => image.HeifsaveBuffer(compression: Enums.ForeignHeifCompression.Av1, effort: 0, keep: Enums.ForeignKeep.None),
        };
        var file = Path.Combine(folder, $"base-{Guid.NewGuid():N}.{format.Extension}");
        File.WriteAllBytes(file, bytes);
        return file;
    }

    private static (int ExitCode, string Stdout, string Stderr) Run(IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo("exiftool") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(
                "exiftool is not installed; these tests need it: apt-get install -y libimage-exiftool-perl (scripts/test.sh installs it)", e);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill();
                throw new TimeoutException($"exiftool with {arguments.Count} arguments ran over {Timeout}");
            }
            return (process.ExitCode, stdout.Result, stderr.Result);
        }
    }
}
