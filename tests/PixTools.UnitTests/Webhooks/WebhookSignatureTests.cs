using Microsoft.AspNetCore.Http;
using PixTools.Webhooks.Delivery;
using StandardWebhooks.Diagnostics;
using StandardWebhooks;

namespace PixTools.UnitTests.Webhooks;

public sealed class WebhookSignatureTests
{
    private static readonly string Secret = WebhookSigner.NewSecret();

    [Fact]
    public void SignatureVerifiesWithTheStandardWebhooksVerifier()
    {
        const string body = """{"job_id":"0190b4c4-7a9e-7c39-9d2a-3f1e2d4c5b6a","status":"COMPLETED"}""";
        var headers = Headers(new WebhookSigner(Secret).Headers("msg_1", DateTimeOffset.UtcNow, body));

        new StandardWebhook(Secret).Verify(body, headers);
        Assert.StartsWith("v1,", headers["webhook-signature"].ToString());
        Assert.Equal("msg_1", headers["webhook-id"].ToString());
    }

    [Fact]
    public void SignatureFailsForAnotherBodyOrSecret()
    {
        const string body = """{"status":"COMPLETED"}""";
        var headers = Headers(new WebhookSigner(Secret).Headers("msg_1", DateTimeOffset.UtcNow, body));

        Assert.Throws<WebhookVerificationException>(() => new StandardWebhook(Secret).Verify("""{"status":"FAILED"}""", headers));
        Assert.Throws<WebhookVerificationException>(() => new StandardWebhook(WebhookSigner.NewSecret()).Verify(body, headers));
        Assert.False(new WebhookSigner(WebhookSigner.NewSecret()).Verify(body, headers));
        Assert.True(new WebhookSigner(Secret).Verify(body, headers));
    }

    [Fact]
    public void SignatureOlderThanTheToleranceFails()
    {
        const string body = "{}";
        var headers = Headers(new WebhookSigner(Secret).Headers("msg_1", DateTimeOffset.UtcNow.AddMinutes(-10), body));
        Assert.False(new WebhookSigner(Secret).Verify(body, headers));
    }

    [Theory]
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", true)]
    [InlineData("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", false)]
    [InlineData("whsec_c2hvcnQ=", false)]
    [InlineData("whsec_not base64!", false)]
    public void AcceptsOnlyWhsecBase64Secrets(string secret, bool valid) => Assert.Equal(valid, WebhookSigner.IsValidSecret(secret));

    private static HeaderDictionary Headers(IReadOnlyDictionary<string, string> signed)
    {
        var headers = new HeaderDictionary();
        foreach (var (name, value) in signed) headers[name] = value;
        return headers;
    }
}
