using System.Text.RegularExpressions;

namespace PixTools.BrowserTests.Support;

/// <summary>What a user does on the page, in its own words: choose a file, tick operations, press PROCESS.</summary>
public static class PageSteps
{
    public static ILocator FileInput(this IPage page) => page.GetByLabel("Drop an image here or choose a file");

    public static ILocator Operation(this IPage page, string name) =>
        page.GetByRole(AriaRole.Checkbox, new() { NameRegex = new Regex($"^{Regex.Escape(name)}\\b") });

    public static Task ChoosePhotoAsync(this IPage page, string photo) => page.FileInput().SetInputFilesAsync(TestPhotos.PathOf(photo));

    public static async Task ProcessAsync(this IPage page, string photo, params string[] operations)
    {
        await page.ChoosePhotoAsync(photo);
        foreach (var operation in operations) await page.Operation(operation).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Process" }).ClickAsync();
    }

    /// <summary>Waits for a terminal status in the job panel's status badge.</summary>
    public static Task ExpectStatusAsync(this IPage page, string text) =>
        Expect(page.Locator("#job-status")).ToHaveTextAsync(text, new() { Timeout = 60_000 });

    /// <summary>Wraps the page's fetch to keep the operation_params and the order of the form's fields it sends.</summary>
    public static Task SpyOnSubmitAsync(this IPage page) => page.EvaluateAsync("""
        () => {
          const fetch = window.fetch;
          window.submitted = [];
          window.fetch = (url, options) => {
            if (options?.body instanceof FormData) window.submitted.push({ params: options.body.get('operation_params') ?? '', fields: [...options.body.keys()] });
            return fetch(url, options);
          };
        }
        """);
}
