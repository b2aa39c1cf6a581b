using System.Text;
using PixTools.BrowserTests.Support;

namespace PixTools.BrowserTests;

/// <summary>A bad file shows its error: caught in the page when it can be, else the server's problem detail.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ErrorTests(PixToolsServer server)
{
    [Fact]
    public async Task AFileThatIsNoImageIsRefusedBeforeUpload()
    {
        var page = await server.NewPageAsync();
        await page.FileInput().SetInputFilesAsync(new FilePayload { Name = "notes.txt", MimeType = "text/plain", Buffer = Encoding.UTF8.GetBytes("hello") });

        await Expect(page.Locator("#file-error")).ToHaveTextAsync("notes.txt is not a JPEG, PNG, WebP, AVIF, TIFF, GIF or HEIC image (its type is text/plain).");
        await Expect(page.FileInput()).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex("is not a JPEG"));
        await page.Operation("WebP").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Process" }).ClickAsync();
        await Expect(page.Locator("#form-error")).ToHaveTextAsync("Choose an image first.");
        await Screenshots.SaveAsync(page);
    }

    [Fact]
    public async Task AFileWhoseBytesAreNotItsFormatShowsTheServersError()
    {
        var page = await server.NewPageAsync();
        await page.FileInput().SetInputFilesAsync(new FilePayload { Name = "fake.png", MimeType = "image/png", Buffer = Encoding.UTF8.GetBytes("this is not a PNG at all") });
        await page.Operation("WebP").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Process" }).ClickAsync();

        var alert = page.Locator("#form-error");
        await Expect(alert).ToHaveRoleAsync(AriaRole.Alert);
        await Expect(alert).ToHaveTextAsync("File bytes are not a JPEG, PNG, WebP, AVIF, TIFF, GIF or HEIC image.");
        await Expect(page.Locator("#job")).ToBeHiddenAsync();
        await Screenshots.SaveAsync(page);
    }
}
