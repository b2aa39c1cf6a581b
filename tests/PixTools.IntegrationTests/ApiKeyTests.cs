using System.Net;
using PixTools.IntegrationTests.Support;

namespace PixTools.IntegrationTests;

/// <summary>With Api:ApiKey set, job endpoints need X-API-Key; probes and downloads do not.</summary>
public sealed class ApiKeyTests(ApiKeyTests.KeyedApp app) : IClassFixture<ApiKeyTests.KeyedApp>
{
    public sealed class KeyedApp : PixToolsApp
    {
        protected override IEnumerable<(string Key, string Value)> Settings => [("Api:ApiKey", "s3cret-key")];
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong")]
    public async Task RefusesAMissingOrWrongKey(string? key)
    {
        var http = app.CreateClient();
        if (key is not null) http.DefaultRequestHeaders.Add("X-API-Key", key);
        using var response = await http.GetAsync($"/api/jobs/{Guid.NewGuid()}");
        await SubmitValidationTests.AssertProblemAsync(response, 401, "X-API-Key");
    }

    [Fact]
    public async Task AcceptsTheRightKeyAndLeavesProbesOpen()
    {
        var http = app.CreateClient();
        using var probe = await http.GetAsync("/api/readyz");
        Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
        http.DefaultRequestHeaders.Add("X-API-Key", "s3cret-key");
        using var response = await http.GetAsync($"/api/jobs/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
