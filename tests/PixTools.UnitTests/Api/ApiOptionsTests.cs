using System.ComponentModel.DataAnnotations;
using PixTools.Api;

namespace PixTools.UnitTests.Api;

/// <summary>Api:CorsOrigins takes origins (scheme, host, port) or *; anything else stops the start with a sentence.</summary>
public sealed class ApiOptionsTests
{
    [Theory]
    [InlineData("https://app.example.com")]
    [InlineData("http://localhost:5173")]
    [InlineData("*")]
    public void TakesOrigins(string origin) => Assert.Empty(Validate(origin));

    [Theory]
    [InlineData("app.example.com")]
    [InlineData("https://app.example.com/")]
    [InlineData("https://app.example.com/page")]
    [InlineData("ftp://app.example.com")]
    [InlineData("https://user@app.example.com")]
    public void RefusesWhatIsNotAnOrigin(string origin)
    {
        var error = Assert.Single(Validate(origin));
        Assert.Equal($"Api:CorsOrigins: '{origin}' is not an origin; give a scheme and host (and port), such as https://app.example.com, or *", error.ErrorMessage);
    }

    private static List<ValidationResult> Validate(string origin)
    {
        var options = new ApiOptions { CorsOrigins = [origin] };
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
