using System.Net;
using PixTools.IntegrationTests.Support;

namespace PixTools.IntegrationTests;

/// <summary>A web page on another origin calling the API from the browser: allowed for the configured origins only.</summary>
public sealed class CrossOriginTests(CrossOriginTests.AppWithOrigins app) : IClassFixture<CrossOriginTests.AppWithOrigins>
{
    public sealed class AppWithOrigins : PixToolsApp
    {
        protected override IEnumerable<(string Key, string Value)> Settings =>
            [("Api:CorsOrigins:0", "https://app.example"), ("Api:ApiKey", "cors-test-key")];
    }

    private const string Origin = "https://app.example";

    [Fact]
    public async Task APreflightForAnUploadWithTheKeyIsAllowed()
    {
        using var http = app.CreateClient();
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/process");
        preflight.Headers.Add("Origin", Origin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "x-api-key, idempotency-key");
        using var response = await http.SendAsync(preflight);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(Origin, Single(response, "Access-Control-Allow-Origin"));
        var allowed = Single(response, "Access-Control-Allow-Headers").ToLowerInvariant();
        Assert.Contains("x-api-key", allowed);
        Assert.Contains("idempotency-key", allowed);
        Assert.Contains("POST", Single(response, "Access-Control-Allow-Methods"));
    }

    [Fact]
    public async Task AnAnswerToTheOriginLetsItReadTheJobsAddressAndTheWait()
    {
        using var http = app.CreateClient();
        var client = new JobClient(http);
        using var submit = new HttpRequestMessage(HttpMethod.Post, "/api/process")
        {
            Content = JobClient.Form(TestPhotos.Read("rocket-orient6.jpg"), "rocket.jpg", "image/jpeg", "[\"webp\"]"),
        };
        submit.Headers.Add("Origin", Origin);
        submit.Headers.Add("X-API-Key", "cors-test-key");
        using var accepted = await http.SendAsync(submit);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(Origin, Single(accepted, "Access-Control-Allow-Origin"));
        var exposed = Single(accepted, "Access-Control-Expose-Headers");
        Assert.Contains("Location", exposed);
        Assert.Contains("Retry-After", exposed);

        // A refusal (here: no key) is readable by the page too, so it can show why.
        using var refused = new HttpRequestMessage(HttpMethod.Get, $"/api/jobs/{Guid.NewGuid()}");
        refused.Headers.Add("Origin", Origin);
        using var unauthorized = await http.SendAsync(refused);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Equal(Origin, Single(unauthorized, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task AnotherOriginGetsNoPermission()
    {
        using var http = app.CreateClient();
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/process");
        preflight.Headers.Add("Origin", "https://elsewhere.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        using var response = await http.SendAsync(preflight);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private static string Single(HttpResponseMessage response, string header) =>
        Assert.Single(response.Headers.GetValues(header));
}

/// <summary>Without Api:CorsOrigins (the default) the API sends no CORS headers: only its own page may use it from a browser.</summary>
public sealed class NoCrossOriginTests(PixToolsApp app) : IClassFixture<PixToolsApp>
{
    [Fact]
    public async Task NoOriginIsAllowedByDefault()
    {
        using var http = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/capabilities");
        request.Headers.Add("Origin", "https://app.example");
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }
}
