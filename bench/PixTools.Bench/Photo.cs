using NetVips;
using PixTools.Intake;
using PixTools.Operations;

namespace PixTools.Bench;

/// <summary>One benchmark input, read into memory once.</summary>
/// <param name="Megapixels">Stored width × height in millions: the pixels every engine must decode.</param>
internal sealed record Photo(string Path, string Name, byte[] Bytes, ImageFormat Format, int Width, int Height)
{
    public double Megapixels => (long)Width * Height / 1e6;

    /// <summary>The JPEG, PNG, WebP and AVIF files of the folders, by name; at least one folder must hold one.</summary>
    public static IReadOnlyList<Photo> LoadFolders(IEnumerable<string> folders)
    {
        var photos = new List<Photo>();
        foreach (var folder in folders)
        {
            foreach (var path in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
            {
                if (Load(path) is { } photo) photos.Add(photo);
            }
        }
        if (photos.Count == 0) throw new InvalidOperationException($"no jpg/png/webp/avif photos in {string.Join(", ", folders)}");
        return photos;
    }

    /// <summary>The form of POST /api/process: this photo as <c>file</c> and the <c>operations</c> JSON.</summary>
    public MultipartFormDataContent UploadForm(string operationsJson)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Bytes);
        file.Headers.ContentType = new(Format.ContentType);
        form.Add(file, "file", Name);
        form.Add(new StringContent(operationsJson), "operations");
        return form;
    }

    public static Photo? Load(string path)
    {
        path = System.IO.Path.GetFullPath(path);
        var bytes = File.ReadAllBytes(path);
        if (FormatSniffer.Sniff(bytes) is not { } format) return null;
        using var header = Image.NewFromBuffer(bytes, access: Enums.Access.Sequential);
        return new Photo(path, System.IO.Path.GetFileName(path), bytes, format, header.Width, header.Height);
    }
}
