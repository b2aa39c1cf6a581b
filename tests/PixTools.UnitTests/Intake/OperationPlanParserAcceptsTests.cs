using PixTools.Intake;
using PixTools.Operations;

namespace PixTools.UnitTests.Intake;

public sealed class OperationPlanParserAcceptsTests
{
    private static OperationPlan ParseValid(string operations, string? operationParams = null, ImageFormat? source = null)
    {
        var result = OperationPlanParser.Parse(operations, operationParams, source ?? ImageFormats.Jpeg, new LimitsOptions());
        Assert.True(result.Succeeded, result.Problem?.Detail);
        Assert.Null(result.Problem);
        return result.Value;
    }

    private static OperationParams ParamsOf(string operation, string operationParams) =>
        Assert.Single(ParseValid($"[\"{operation}\"]", operationParams, SourceOtherThan(operation)).Operations).Params;

    private static ImageFormat SourceOtherThan(string operation) =>
        operation == OperationNames.Png ? ImageFormats.Jpeg : ImageFormats.Png;

    [Theory]
    [InlineData("[\"jpg\"]")]
    [InlineData("[\"png\"]")]
    [InlineData("[\"webp\"]")]
    [InlineData("[\"avif\"]")]
    [InlineData("[\"denoise\"]")]
    [InlineData("[\"metadata\"]")]
    [InlineData(" [ \"webp\" , \"metadata\" ] ")]
    public void AcceptsEveryKnownOperation(string operations)
    {
        var plan = ParseValid(operations, source: SourceOtherThan(operations.Contains("\"png\"") ? OperationNames.Png : OperationNames.Jpg));

        Assert.NotEmpty(plan.Operations);
    }

    [Fact]
    public void KeepsTheOperationsInTheOrderGiven()
    {
        var plan = ParseValid("[\"metadata\", \"avif\", \"denoise\", \"png\", \"webp\"]");

        Assert.Equal(["metadata", "avif", "denoise", "png", "webp"], plan.Names);
    }

    [Fact]
    public void OperationsWithoutParamsGetNone()
    {
        var plan = ParseValid("[\"webp\", \"png\", \"metadata\"]", "{\"webp\": {\"quality\": 80}}");

        Assert.Equal(new OperationParams(Quality: 80), plan.Operations[0].Params);
        Assert.Same(OperationParams.None, plan.Operations[1].Params);
        Assert.Same(OperationParams.None, plan.Operations[2].Params);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("{}")]
    [InlineData("{\"webp\": {}}")]
    public void OperationParamsAreOptional(string? operationParams)
    {
        var plan = ParseValid("[\"webp\"]", operationParams);

        Assert.Equal(OperationParams.None, plan.Operations[0].Params);
    }

    [Theory]
    [InlineData("jpg", "1", 1)]
    [InlineData("jpg", "100", 100)]
    [InlineData("webp", "75", 75)]
    [InlineData("avif", "\"75\"", 75)]
    [InlineData("webp", "\"100\"", 100)]
    [InlineData("webp", "\"075\"", 75)]
    public void AcceptsQualityAsAnIntegerOrNumericString(string operation, string quality, int expected)
    {
        var parsed = ParamsOf(operation, $"{{\"{operation}\": {{\"quality\": {quality}}}}}");

        Assert.Equal(expected, parsed.Quality);
    }

    [Theory]
    [InlineData("{\"width\": 800}", 800, null, ResizeFit.Fill)]
    [InlineData("{\"height\": 600}", null, 600, ResizeFit.Fill)]
    [InlineData("{\"width\": \"800\", \"height\": \"600\"}", 800, 600, ResizeFit.Fill)]
    [InlineData("{\"width\": 800, \"height\": 600, \"fit\": \"fill\"}", 800, 600, ResizeFit.Fill)]
    [InlineData("{\"width\": 800, \"height\": 600, \"fit\": \"inside\"}", 800, 600, ResizeFit.Inside)]
    [InlineData("{\"width\": 800, \"height\": 600, \"fit\": \"cover\"}", 800, 600, ResizeFit.Cover)]
    [InlineData("{\"fit\": \"contain\", \"width\": 800, \"height\": 600}", 800, 600, ResizeFit.Contain)]
    [InlineData("{\"width\": 1}", 1, null, ResizeFit.Fill)]
    [InlineData("{\"width\": 8192, \"height\": 8192}", 8192, 8192, ResizeFit.Fill)]
    public void AcceptsResizeWithOneOrBothSidesAndEachFit(string resize, int? width, int? height, ResizeFit fit)
    {
        foreach (var operation in new[] { "jpg", "png", "webp", "avif", "denoise" })
        {
            var parsed = ParamsOf(operation, $"{{\"{operation}\": {{\"resize\": {resize}}}}}");

            Assert.Equal(new ResizeSpec(width, height, fit), parsed.Resize);
        }
    }

    [Fact]
    public void DenoiseStrengthIsAutoWhenAbsent()
    {
        var plan = ParseValid("[\"denoise\"]");

        Assert.Equal(DenoiseStrength.Auto, plan.Operations[0].Params.Strength);
        Assert.True(plan.Operations[0].Params.Strength!.IsAuto);
    }

    [Theory]
    [InlineData("\"auto\"", null)]
    [InlineData("0", 0.0)]
    [InlineData("15", 15.0)]
    [InlineData("12.5", 12.5)]
    [InlineData("75", 75.0)]
    [InlineData("\"25\"", 25.0)]
    [InlineData("\"7.5\"", 7.5)]
    public void AcceptsDenoiseStrengthAutoOrANumber(string strength, double? sigma)
    {
        var parsed = ParamsOf("denoise", $"{{\"denoise\": {{\"strength\": {strength}}}}}");

        Assert.Equal(new DenoiseStrength(sigma), parsed.Strength);
    }

    [Fact]
    public void CombinesParamsOfOneOperation()
    {
        var parsed = ParamsOf("webp", "{\"webp\": {\"quality\": 60, \"resize\": {\"width\": 320, \"height\": 200, \"fit\": \"cover\"}}}");

        Assert.Equal(new OperationParams(60, new ResizeSpec(320, 200, ResizeFit.Cover)), parsed);
    }

    [Fact]
    public void DenoiseTakesResizeAndStrengthTogether()
    {
        var parsed = ParamsOf("denoise", "{\"denoise\": {\"resize\": {\"height\": 480}, \"strength\": 20}}");

        Assert.Equal(new OperationParams(null, new ResizeSpec(null, 480), new DenoiseStrength(20)), parsed);
    }

    [Fact]
    public void ConversionToAnotherFormatThanTheSourceIsAccepted()
    {
        var plan = ParseValid("[\"jpg\", \"webp\", \"avif\", \"denoise\", \"metadata\"]", source: ImageFormats.Png);

        Assert.Equal(5, plan.Operations.Count);
    }
}
