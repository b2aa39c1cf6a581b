using System.Text.Json;
using System.Text.RegularExpressions;
using PixTools.Api.Reference;

namespace PixTools.UnitTests.Api;

/// <summary>Issue 19: the /docs page made from an OpenAPI document — escaped, complete, grouped, and with each schema's facts.</summary>
public sealed partial class ApiReferenceRendererTests
{
    private static string Render(string json)
    {
        using var document = JsonDocument.Parse(json);
        return ApiReferenceRenderer.Render(document.RootElement);
    }

    [Fact]
    public void MarkupInTheDocumentIsShownAsTextNeverAsMarkup()
    {
        var html = Render("""
        {
          "openapi": "3.1.1",
          "info": { "title": "T<i>x</i>", "version": "1", "description": "Hi <script>alert('info')</script>" },
          "paths": {
            "/a/<b>": {
              "get": {
                "tags": ["t<u>g</u>"],
                "summary": "S <img src=x onerror=alert(1)>",
                "description": "D </article><script>alert(2)</script> & `<em>code</em>`",
                "parameters": [ { "name": "p\"><script>", "in": "query", "description": "<script>p</script>", "schema": { "type": "string", "example": "<script>e</script>" } } ],
                "responses": { "200": { "description": "<script>r</script>", "content": { "application/json": {
                  "schema": { "type": "object", "properties": { "<b>name</b>": { "type": "string", "enum": ["<x>"] } } },
                  "example": { "k": "<script>v</script>" } } } } }
              }
            }
          }
        }
        """);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<i>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<u>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<em>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<x>", html, StringComparison.Ordinal);
        Assert.Contains("D &lt;/article&gt;&lt;script&gt;alert(2)&lt;/script&gt; &amp; <code>&lt;em&gt;code&lt;/em&gt;</code>", html, StringComparison.Ordinal);
        Assert.Contains("S &lt;img src=x onerror=alert(1)&gt;", html, StringComparison.Ordinal);
        Assert.Contains("/a/&lt;b&gt;", html, StringComparison.Ordinal);
        Assert.Contains("p&quot;&gt;&lt;script&gt;", html, StringComparison.Ordinal);
        // The only elements on the page are the renderer's own.
        var tags = TagName().Matches(html).Select(m => m.Groups[1].Value.ToLowerInvariant()).ToHashSet();
        Assert.Subset(AllowedTags, tags);
    }

    private static readonly HashSet<string> AllowedTags =
    [
        "!doctype", "html", "head", "meta", "title", "link", "body", "a", "header", "p", "h1", "h2", "h3", "h4", "h5", "span", "nav", "ul", "li",
        "main", "section", "article", "code", "strong", "div", "pre",
    ];

    [GeneratedRegex("<([!a-zA-Z][a-zA-Z0-9]*)")]
    private static partial Regex TagName();

    [Fact]
    public void EveryOperationIsListedAndDescribedUnderItsTagInTheDocumentsTagOrder()
    {
        var html = Render("""
        {
          "openapi": "3.1.1", "info": { "title": "T", "version": "1" },
          "tags": [ { "name": "second", "description": "Second tag." }, { "name": "first" } ],
          "paths": {
            "/one": { "get": { "tags": ["first"], "summary": "Get one", "responses": {} }, "delete": { "tags": ["first"], "responses": {} } },
            "/two/{id}": { "post": { "tags": ["second"], "summary": "Post two", "responses": {} } },
            "/three": { "put": { "summary": "Untagged", "responses": {} } }
          }
        }
        """);

        var headings = ArticleHeading().Matches(html).Select(m => Regex.Replace(m.Groups[1].Value, "<[^>]+>", "")).ToList();
        Assert.Equal(["POST /two/{id}", "GET /one", "DELETE /one", "PUT /three"], headings);
        Assert.Contains("<h2 id=\"tag-second\">second</h2>\n<p>Second tag.</p>", html, StringComparison.Ordinal);
        Assert.True(html.IndexOf("id=\"tag-second\"", StringComparison.Ordinal) < html.IndexOf("id=\"tag-first\"", StringComparison.Ordinal));
        Assert.Contains("<h2 id=\"tag-other\">other</h2>", html, StringComparison.Ordinal);
        foreach (var id in new[] { "get-one", "delete-one", "post-two-id", "put-three" })
        {
            Assert.Contains($"<a href=\"#{id}\">", html, StringComparison.Ordinal);
            Assert.Contains($"<article id=\"{id}\"", html, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex("<h3 id=\"[^\"]+-title\">(.*?)</h3>")]
    private static partial Regex ArticleHeading();

    [Fact]
    public void FieldsShowTheirTypeLimitsExamplesAndWhetherRequiredFollowingReferences()
    {
        var html = Render("""
        {
          "openapi": "3.1.1", "info": { "title": "T", "version": "1" },
          "paths": { "/form": { "post": {
            "requestBody": { "required": true, "content": { "multipart/form-data": {
              "schema": { "type": "object", "required": ["url"], "properties": {
                "url": { "type": "string", "format": "uri", "maxLength": 2048, "description": "Where to call.", "examples": ["https://example.com/hook"] },
                "count": { "type": ["null", "integer"], "minimum": 1, "maximum": 100 },
                "node": { "$ref": "#/components/schemas/Node" } } },
              "encoding": { "url": { "contentType": "text/plain" } } } } },
            "responses": { "422": { "description": "Refused.", "content": { "application/problem+json": {
              "schema": { "$ref": "#/components/schemas/Problem" }, "example": { "status": 422, "detail": "No." } } } } }
          } } },
          "components": { "schemas": {
            "Problem": { "type": "object", "required": ["status"], "properties": { "status": { "type": "integer" }, "detail": { "type": "string", "description": "One sentence." } } },
            "Node": { "type": "object", "properties": { "children": { "type": "array", "items": { "$ref": "#/components/schemas/Node" } } } }
          } }
        }
        """);

        Assert.Contains("<code class=\"name\">url</code> <span class=\"type\">string (uri)</span> <strong class=\"required\">required</strong>", html, StringComparison.Ordinal);
        Assert.Contains("<p>Where to call.</p>\n<p class=\"limits\">Limits: at most 2048 characters.</p>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"label\">Example:</span> <code>https://example.com/hook</code>", html, StringComparison.Ordinal);
        Assert.Contains("Sent as <code>text/plain</code>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"type\">integer or null</span>", html, StringComparison.Ordinal);
        Assert.Contains("Limits: at least 1; at most 100.", html, StringComparison.Ordinal);
        Assert.Contains("<h5 id=\"post-form-422\">422 Unprocessable Entity</h5>", html, StringComparison.Ordinal);
        Assert.Contains("Schema: <span class=\"type\">Problem (object)</span>", html, StringComparison.Ordinal);
        Assert.Contains("<code class=\"name\">detail</code> <span class=\"type\">string</span>\n<p>One sentence.</p>", html, StringComparison.Ordinal);
        Assert.Contains("&quot;detail&quot;: &quot;No.&quot;", html, StringComparison.Ordinal);
        // A schema that contains itself is described once, then named.
        Assert.Contains("<span class=\"type\">array of Node (object)</span>", html, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(html, "<code class=\"name\">children</code>"));
        Assert.Contains("The same Node as above.", html, StringComparison.Ordinal);
    }

    [Fact]
    public void PathLevelParametersApplyToEveryMethodAndTheOperationsOwnReplaceThem()
    {
        var html = Render("""
        {
          "openapi": "3.1.1", "info": { "title": "T", "version": "1" },
          "paths": { "/jobs/{id}": {
            "parameters": [ { "name": "id", "in": "path", "required": true, "description": "Shared.", "schema": { "type": "string" } } ],
            "get": { "responses": {} },
            "delete": { "parameters": [ { "name": "id", "in": "path", "required": true, "description": "Own.", "schema": { "type": "string", "format": "uuid" } } ], "responses": {} }
          } }
        }
        """);

        var get = html[html.IndexOf("<article id=\"get-jobs-id\"", StringComparison.Ordinal)..html.IndexOf("<article id=\"delete-jobs-id\"", StringComparison.Ordinal)];
        var delete = html[html.IndexOf("<article id=\"delete-jobs-id\"", StringComparison.Ordinal)..];
        Assert.Contains("<p>Shared.</p>", get, StringComparison.Ordinal);
        Assert.Contains("<p>Own.</p>", delete, StringComparison.Ordinal);
        Assert.DoesNotContain("Shared.", delete, StringComparison.Ordinal);
        Assert.Contains("<span class=\"type\">string (uuid)</span> <span class=\"in\">in path</span> <strong class=\"required\">required</strong>", delete, StringComparison.Ordinal);
    }

    [Fact]
    public void TheStylesheetGoesIntoThePageAndCannotCloseItsStyleElement()
    {
        const string Document = """{ "openapi": "3.1.1", "info": { "title": "T", "version": "1" }, "paths": {} }""";
        using var document = JsonDocument.Parse(Document);

        var inlined = ApiReferenceRenderer.Render(document.RootElement, "body { color: red; } /* </style><script>x</script> */");
        Assert.Contains("<style>\nbody { color: red; }", inlined, StringComparison.Ordinal);
        // Only the page's own </style> ends the element; the one in the text stays CSS (an escaped slash).
        Assert.Single(Regex.Matches(inlined, "</style>"));
        Assert.Contains("/* <\\/style><script>x<\\/script> */\n</style>", inlined, StringComparison.Ordinal);
        Assert.DoesNotContain("rel=\"stylesheet\"", inlined, StringComparison.Ordinal);

        var linked = ApiReferenceRenderer.Render(document.RootElement);
        Assert.Contains("<link rel=\"stylesheet\" href=\"/reference.css\">", linked, StringComparison.Ordinal);
        Assert.DoesNotContain("<style>", linked, StringComparison.Ordinal);
    }
}
