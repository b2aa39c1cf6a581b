using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using PixTools.BrowserTests.Support;

namespace PixTools.BrowserTests;

/// <summary>
/// Issue 19, the docs: POST /api/process described field by field with every answer; /docs, the reference made from
/// that document, quick and local; Swagger UI at /docs/try for sending requests.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PageDocsTests(PixToolsServer server, ITestOutputHelper output)
{
    [Fact]
    public async Task TheOpenApiDocumentDescribesTheProcessForm()
    {
        using var document = JsonDocument.Parse(await server.Http.GetStringAsync("/openapi/v1.json"));
        var post = document.RootElement.GetProperty("paths").GetProperty("/api/process").GetProperty("post");
        var schema = post.GetProperty("requestBody").GetProperty("content").GetProperty("multipart/form-data").GetProperty("schema");
        var fields = schema.GetProperty("properties");
        Assert.Equal(["file", "operation_params", "operations", "outputs", "webhook_url"], fields.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(["file"], schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()).Order());
        Assert.Equal("binary", fields.GetProperty("file").GetProperty("format").GetString());
        Assert.Contains("10 MiB", fields.GetProperty("file").GetProperty("description").GetString());
        Assert.Equal(2048, fields.GetProperty("webhook_url").GetProperty("maxLength").GetInt32());
        Assert.Contains("8192", fields.GetProperty("operation_params").GetProperty("description").GetString());
        foreach (var field in new[] { "operations", "operation_params", "webhook_url" })
        {
            Assert.True(fields.GetProperty(field).GetProperty("examples").GetArrayLength() > 0, $"{field} has no example");
        }

        var responses = post.GetProperty("responses");
        Assert.Equal(["202", "400", "401", "413", "415", "422", "429", "500", "503"], responses.EnumerateObject().Select(p => p.Name).Order());
        Assert.True(responses.GetProperty("202").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("properties").TryGetProperty("job_id", out _));
        foreach (var status in new[] { "400", "401", "413", "415", "422", "429", "500", "503" })
        {
            var problem = responses.GetProperty(status).GetProperty("content").GetProperty("application/problem+json");
            var properties = problem.GetProperty("schema").GetProperty("properties");
            Assert.Equal(["detail", "request_id", "status", "title", "type"], properties.EnumerateObject().Select(p => p.Name).Order());
            Assert.Equal(int.Parse(status, System.Globalization.CultureInfo.InvariantCulture), problem.GetProperty("example").GetProperty("status").GetInt32());
        }
    }

    /// <summary>
    /// 1 s on localhost (issue 19). PIXTOOLS_DOCS_LOAD_BUDGET_MS raises it on a machine whose CPUs are shared beyond
    /// use (a wall-clock budget measures the scheduler there, not the page); the requests stay local either way.
    /// </summary>
    private static readonly long LoadBudgetMs =
        long.TryParse(Environment.GetEnvironmentVariable("PIXTOOLS_DOCS_LOAD_BUDGET_MS"), out var ms) && ms > 0 ? ms : 1000;

    private const string ProcessSummary = "Submit an image and the operations to run on it";

    /// <summary>Whether an element showing the text is on screen: laid out, not hidden, inside the viewport.</summary>
    private const string ShowsText = """
        text => {
          if (!document.body) return false;
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (!node.data.includes(text)) continue;
            const box = node.parentElement.getBoundingClientRect();
            if (node.parentElement.checkVisibility({ visibilityProperty: true }) && box.height > 0 && box.top < innerHeight) return true;
          }
          return false;
        }
        """;

    [Fact]
    public async Task TheDocsPageAppearsWithinOneSecondLoadingOnlyFromThisServer()
    {
        // One visit first, so the server has rendered the page once (a user's first visit is not the server's).
        var warm = await server.Browser.NewContextAsync(new() { BaseURL = server.BaseAddress.ToString() });
        var warmPage = await warm.NewPageAsync();
        await warmPage.GotoAsync("/docs");
        await Expect(warmPage.GetByText(ProcessSummary).Filter(new() { Visible = true }).First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await warm.CloseAsync();

        var context = await server.Browser.NewContextAsync(new() { BaseURL = server.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);
        var watch = Stopwatch.StartNew();
        await page.GotoAsync("/docs", new() { WaitUntil = WaitUntilState.Commit });
        // Checked on every frame the browser draws (an expect polls at 100, 250, 500, 1000 ms, which would time the poll).
        await page.WaitForFunctionAsync(ShowsText, ProcessSummary, new() { Timeout = 30_000 });
        watch.Stop();
        await Expect(page.GetByText(ProcessSummary).Filter(new() { Visible = true }).First).ToBeVisibleAsync();
        var timing = await page.EvaluateAsync<string>("""
            () => { const n = performance.getEntriesByType('navigation')[0], p = performance.getEntriesByName('first-contentful-paint')[0];
                    return `response ${n.responseEnd.toFixed(0)} ms, parsed ${n.domInteractive.toFixed(0)} ms, first contentful paint ${p ? p.startTime.toFixed(0) : '?'} ms`; }
            """);
        output.WriteLine($"/docs showed POST /api/process after {watch.ElapsedMilliseconds} ms (budget {LoadBudgetMs} ms; in the browser: {timing}); requests: {string.Join(", ", requests)}");

        Assert.All(requests, url => Assert.True(url.StartsWith(server.BaseAddress.ToString(), StringComparison.Ordinal) || url.StartsWith("data:", StringComparison.Ordinal),
            $"/docs loaded {url} from outside this server"));
        Assert.True(watch.ElapsedMilliseconds < LoadBudgetMs, $"/docs took {watch.ElapsedMilliseconds} ms to show the endpoint (budget {LoadBudgetMs} ms)");
        await Screenshots.SaveAsync(page);
        await context.CloseAsync();
    }

    [Fact]
    public async Task TheReferenceDescribesEveryOperationOfTheOpenApiDocument()
    {
        using var document = JsonDocument.Parse(await server.Http.GetStringAsync("/openapi/v1.json"));
        string[] methods = ["get", "put", "post", "delete", "patch", "options", "head", "trace"];
        var expected = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Where(m => methods.Contains(m.Name)).Select(m => $"{m.Name.ToUpperInvariant()} {path.Name}"))
            .Order().ToList();
        Assert.Contains("POST /api/process", expected);

        var page = await server.NewPageAsync();
        await page.GotoAsync("/docs");
        var shown = (await page.Locator("main article h3").AllInnerTextsAsync()).Select(t => string.Join(' ', t.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))).Order().ToList();
        var listed = (await page.GetByRole(AriaRole.Navigation, new() { Name = "Endpoints" }).Locator("li li a").AllInnerTextsAsync())
            .Select(t => string.Join(' ', t.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))).Order().ToList();
        Assert.Equal(expected, shown);
        Assert.Equal(expected, listed);

        // The form of POST /api/process field by field, and its refusals with their ProblemDetails shape.
        var process = page.Locator("article#post-api-process");
        foreach (var field in new[] { "file", "operations", "operation_params", "outputs", "webhook_url" })
        {
            await Expect(process.Locator("code.name", new() { HasTextString = field }).First).ToBeVisibleAsync();
        }
        await Expect(process.GetByText("Limits: at most 2048 characters.")).ToBeVisibleAsync();
        await Expect(process.GetByText("Also required: operations or outputs (at least one).")).ToBeVisibleAsync();
        foreach (var status in new[] { "202 Accepted", "400 Bad Request", "401 Unauthorized", "413 Payload Too Large", "415 Unsupported Media Type",
            "422 Unprocessable Entity", "429 Too Many Requests", "500 Internal Server Error", "503 Service Unavailable" })
        {
            await Expect(process.GetByRole(AriaRole.Heading, new() { Name = status, Exact = true })).ToBeVisibleAsync();
        }
        await Expect(process.Locator(".response", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "503 Service Unavailable" }) }).Locator("code.name", new() { HasTextString = "Retry-After" })).ToBeVisibleAsync();
        await Expect(process.Locator(".response", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "413 Payload Too Large" }) }).Locator("code.name", new() { HasTextString = "request_id" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task TheReferenceIsSentFromMemoryWithAnETag()
    {
        using var first = await server.Http.GetAsync("/docs");
        Assert.Equal(System.Net.HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("text/html", first.Content.Headers.ContentType?.MediaType);
        var tag = first.Headers.ETag;
        Assert.NotNull(tag);
        Assert.Contains("no-cache", first.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);

        using var again = new HttpRequestMessage(HttpMethod.Get, "/docs");
        again.Headers.IfNoneMatch.Add(tag);
        using var revalidated = await server.Http.SendAsync(again);
        Assert.Equal(System.Net.HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.Empty(await revalidated.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task TheInteractiveConsoleAtDocsTryIsSwaggerUiFromThisServer()
    {
        var page = await server.NewPageAsync();
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);
        await page.GotoAsync("/docs");
        await page.GetByRole(AriaRole.Link, new() { Name = "interactive console (Swagger UI)" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/docs/try/"));
        await Expect(page.Locator(".swagger-ui .opblock-summary-description", new() { HasTextString = ProcessSummary })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.Locator(".opblock-post .opblock-summary", new() { HasTextString = "/api/process" }).First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Try it out" })).ToBeVisibleAsync();

        Assert.Contains(requests, url => url.Contains("/docs/try/swagger-ui-bundle.js", StringComparison.Ordinal));
        Assert.Contains(requests, url => url.EndsWith("/openapi/v1.json", StringComparison.Ordinal));
        Assert.All(requests, url => Assert.True(url.StartsWith(server.BaseAddress.ToString(), StringComparison.Ordinal) || url.StartsWith("data:", StringComparison.Ordinal),
            $"/docs/try loaded {url} from outside this server"));
    }
}
