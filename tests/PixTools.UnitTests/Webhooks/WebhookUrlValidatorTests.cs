using PixTools.Webhooks;


namespace PixTools.UnitTests.Webhooks;

public sealed class WebhookUrlValidatorTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("http://example.com")]
    [InlineData("https://example.com/hooks/pixtools?token=abc")]
    [InlineData("http://127.0.0.1:8080/hook")]
    [InlineData("https://[::1]/hook")]
    [InlineData("HTTPS://Example.COM/Hook")]
    [InlineData("https://user:secret@example.com/hook")]
    public void AcceptsAbsentOrAbsoluteHttpUrls(string? url)
    {
        Assert.Null(WebhookUrlValidator.Validate(url));
    }

    // API.md "Validation": webhook_url not an absolute http(s) URL is a 422.
    [Theory]
    [InlineData("ftp://x")]
    [InlineData("file:///etc/passwd")]
    [InlineData("/hooks/local")]
    [InlineData("example.com/hook")]
    [InlineData("//example.com/hook")]
    [InlineData("http://")]
    [InlineData("https:///path")]
    [InlineData("javascript:alert(1)")]
    [InlineData("mailto:ops@example.com")]
    [InlineData(" https://example.com")]
    [InlineData("https://example.com ")]
    [InlineData("   ")]
    [InlineData("http:\\\\example.com\\hook")]
    [InlineData("not a url")]
    public void RejectsAnythingButAnAbsoluteHttpUrl(string url)
    {
        var problem = WebhookUrlValidator.Validate(url);

        Assert.NotNull(problem);
        Assert.Equal(422, problem.StatusCode);
        Assert.Equal($"webhook_url must be an absolute http or https URL, got '{url}'", problem.Detail);
    }

    [Fact]
    public void RejectsUrlsLongerThan2048Characters()
    {
        var url = "https://example.com/" + new string('a', 2048 - 20);
        var tooLong = url + "a";

        Assert.Null(WebhookUrlValidator.Validate(url));
        var problem = WebhookUrlValidator.Validate(tooLong);
        Assert.Equal(422, problem!.StatusCode);
        Assert.Equal("webhook_url must be at most 2048 characters, got 2049", problem.Detail);
    }
}
