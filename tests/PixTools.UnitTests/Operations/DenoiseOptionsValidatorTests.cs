using System.ComponentModel.DataAnnotations;
using PixTools.Operations.Denoise;

namespace PixTools.UnitTests.Operations;

public class DenoiseOptionsValidatorTests
{
    [Fact]
    public void TheDefaultsAreValid()
    {
        var options = new DenoiseOptions();

        Assert.True(new DenoiseOptionsValidator().Validate(null, options).Succeeded);
        Assert.Empty(Annotations(options));
        Assert.Equal(Environment.ProcessorCount, options.Threads);
    }

    [Theory]
    [InlineData(513, 32, "Denoise:TileSize must be even (the model works on 2×2 pixel blocks), got 513")]
    [InlineData(512, 33, "Denoise:Overlap must be even (the model works on 2×2 pixel blocks), got 33")]
    public void RefusesOddTilesAndOverlaps(int tileSize, int overlap, string expected)
    {
        var result = new DenoiseOptionsValidator().Validate(null, new DenoiseOptions { TileSize = tileSize, Overlap = overlap });

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage);
    }

    [Theory]
    [InlineData(nameof(DenoiseOptions.Overlap), 16, "Denoise:Overlap must be 32..512")]
    [InlineData(nameof(DenoiseOptions.TileSize), 32, "Denoise:TileSize must be 64..4096")]
    [InlineData(nameof(DenoiseOptions.IntraOpThreads), -1, "Denoise:IntraOpThreads must be 0..256 (0 = one per core)")]
    public void RefusesValuesOutOfRangeNamingTheKey(string property, int value, string expected)
    {
        var options = new DenoiseOptions();
        typeof(DenoiseOptions).GetProperty(property)!.SetValue(options, value);

        Assert.Contains(expected, Annotations(options));
    }

    [Fact]
    public void RefusesAnEmptyModelPath()
    {
        Assert.Contains("Denoise:ModelPath is required", Annotations(new DenoiseOptions { ModelPath = "" }));
    }

    private static List<string?> Annotations(DenoiseOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Select(r => r.ErrorMessage).ToList();
    }
}
