using System.Diagnostics;
using System.Text.Json;
using PixTools.BrowserTests.Support;

namespace PixTools.BrowserTests;

/// <summary>Issue 19, the docs: POST /api/process described field by field with every answer, and /docs quick and local.</summary>
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
        Assert.Equal(["file", "operations"], schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()).Order());
        Assert.Equal("binary", fields.GetProperty("file").GetProperty("format").GetString());
        Assert.Contains("10 MiB", fields.GetProperty("file").GetProperty("description").GetString());
        Assert.Equal(2048, fields.GetProperty("webhook_url").GetProperty("maxLength").GetInt32());
        Assert.Contains("8192", fields.GetProperty("operation_params").GetProperty("description").GetString());
        foreach (var field in new[] { "operations", "operation_params", "webhook_url" })
        {
            Assert.True(fields.GetProperty(field).GetProperty("examples").GetArrayLength() > 0, $"{field} has no example");
        }

        var responses = post.GetProperty("responses");
        Assert.Equal(["202", "400", "401", "413", "422", "500"], responses.EnumerateObject().Select(p => p.Name).Order());
        Assert.True(responses.GetProperty("202").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("properties").TryGetProperty("job_id", out _));
        foreach (var status in new[] { "400", "401", "413", "422", "500" })
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

    [Fact]
    public async Task TheDocsPageAppearsWithinOneSecondLoadingOnlyFromThisServer()
    {
        // One visit first, so the server has compiled its paths (a user's first visit is not the server's).
        var warm = await server.NewPageAsync();
        warm.Request += (_, request) => output.WriteLine($"warm-up request {request.Url}");
        warm.RequestFailed += (_, request) => output.WriteLine($"warm-up request failed {request.Url} {request.Failure}");
        await warm.GotoAsync("/docs/", new() { WaitUntil = WaitUntilState.Commit });
        await Expect(warm.GetByText("Submit an image and the operations to run on it").Filter(new() { Visible = true }).First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await warm.Context.CloseAsync();

        var context = await server.Browser.NewContextAsync(new() { BaseURL = server.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);
        var watch = Stopwatch.StartNew();
        await page.GotoAsync("/docs/");
        await Expect(page.GetByText("Submit an image and the operations to run on it").Filter(new() { Visible = true }).First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        watch.Stop();
        output.WriteLine($"/docs showed POST /api/process after {watch.ElapsedMilliseconds} ms; requests: {string.Join(", ", requests)}");

        Assert.All(requests, url => Assert.True(url.StartsWith(server.BaseAddress.ToString(), StringComparison.Ordinal) || url.StartsWith("data:", StringComparison.Ordinal),
            $"/docs loaded {url} from outside this server"));
        Assert.True(watch.ElapsedMilliseconds < LoadBudgetMs, $"/docs took {watch.ElapsedMilliseconds} ms to show the endpoint (budget {LoadBudgetMs} ms)");
        await Screenshots.SaveAsync(page);
        await context.CloseAsync();
    }
}
