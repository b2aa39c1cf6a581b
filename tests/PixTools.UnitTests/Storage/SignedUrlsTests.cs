using System.Web;
using PixTools.Storage;

namespace PixTools.UnitTests.Storage;

public sealed class SignedUrlsTests
{
    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private const string Key = "processed/0199a1b2-0000-7000-8000-000000000001/webp.webp";
    private readonly ManualClock clock = new(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));
    private readonly SignedUrls signer;

    public SignedUrlsTests() => signer = new SignedUrls("0123456789abcdef0123456789abcdef"u8.ToArray(), clock);

    private (string Key, string? Name, string? Exp, string? Sig) Parse(string url)
    {
        var uri = new Uri("http://x" + url);
        var query = HttpUtility.ParseQueryString(uri.Query);
        return (uri.AbsolutePath[SignedUrls.RoutePrefix.Length..], query["name"], query["exp"], query["sig"]);
    }

    [Fact]
    public void AcceptsItsOwnUrlUntilItExpires()
    {
        var (key, name, exp, sig) = Parse(signer.Create(Key, "pixtools_webp_cups.webp", TimeSpan.FromMinutes(10)));
        Assert.Equal(Key, key);
        Assert.Null(signer.Verify(key, name, exp, sig));
        clock.Now = clock.Now.AddMinutes(11);
        Assert.Equal("the download link has expired", signer.Verify(key, name, exp, sig));
    }

    [Fact]
    public void RefusesAnyChangedPart()
    {
        var (key, name, exp, sig) = Parse(signer.Create(Key, "pixtools_webp_cups.webp", TimeSpan.FromMinutes(10)));
        Assert.NotNull(signer.Verify(key.Replace("webp.webp", "avif.avif"), name, exp, sig));
        Assert.NotNull(signer.Verify(key, "other.webp", exp, sig));
        Assert.NotNull(signer.Verify(key, name, (long.Parse(exp!) + 3600).ToString(), sig));
        Assert.NotNull(signer.Verify(key, name, exp, new string('0', sig!.Length)));
        Assert.NotNull(signer.Verify(key, name, exp, null));
        Assert.NotNull(signer.Verify(key, name, "soon", sig));
    }

    [Fact]
    public void AnotherSecretDoesNotVerify()
    {
        var (key, name, exp, sig) = Parse(signer.Create(Key, "n.webp", TimeSpan.FromMinutes(10)));
        var other = new SignedUrls("another-secret-another-secret-xx"u8.ToArray(), clock);
        Assert.Equal("the download link's signature is not valid", other.Verify(key, name, exp, sig));
    }
}
