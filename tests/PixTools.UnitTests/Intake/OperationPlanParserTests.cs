using PixTools.Intake;
using PixTools.Operations;

namespace PixTools.UnitTests.Intake;

public sealed class OperationPlanParserTests
{
    private static readonly LimitsOptions Limits = new();

    private static Outcome<OperationPlan> Parse(string? operations, string? operationParams = null, string? source = "jpg") =>
        OperationPlanParser.Parse(operations, operationParams, source is null ? null : ImageFormats.ForOperation(source), Limits);

    private static OperationPlan ParseValid(string operations, string? source)
    {
        var result = Parse(operations, source: source);
        Assert.True(result.Succeeded, result.Problem?.Detail);
        return result.Value;
    }

    // API.md "Validation": missing operations; not a JSON array of known names, empty, or with duplicates.
    [Theory]
    [InlineData(null, "operations is required")]
    [InlineData("", "operations is required")]
    [InlineData("   ", "operations is required")]
    [InlineData("webp", "operations must be a JSON array")]
    [InlineData("\"webp\"", "\"webp\"")]
    [InlineData("{\"webp\": true}", "{\"webp\": true}")]
    [InlineData("[\"webp\"", "[\"webp\"")]
    [InlineData("webp,png", "webp,png")]
    [InlineData("[]", "operations must not be empty")]
    [InlineData("[1]", "got 1")]
    [InlineData("[\"webp\", null]", "got null")]
    [InlineData("[[\"webp\"]]", "got [\"webp\"]")]
    [InlineData("[\"gif\"]", "\"gif\"")]
    [InlineData("[\"WEBP\"]", "\"WEBP\"")]
    [InlineData("[\"webp \"]", "\"webp \"")]
    [InlineData("[\"webp\", \"webp\"]", "\"webp\" twice")]
    [InlineData("[\"metadata\", \"denoise\", \"metadata\"]", "\"metadata\" twice")]
    public void RejectsBadOperationsWith422NamingTheFieldAndValue(string? operations, string expectedInDetail)
    {
        var result = Parse(operations);

        Assert.False(result.Succeeded);
        Assert.Equal(422, result.Problem.StatusCode);
        Assert.StartsWith("operations ", result.Problem.Detail);
        Assert.Contains(expectedInDetail, result.Problem.Detail);
    }

    [Fact]
    public void UnknownOperationListsTheKnownOnes()
    {
        var result = Parse("[\"gif\"]");

        Assert.Equal(422, result.Problem!.StatusCode);
        Assert.Contains("known: jpg, png, webp, avif, denoise, metadata", result.Problem.Detail);
    }

    // API.md "Validation": conversion to the file's own format, judged by the sniffed format.
    [Theory]
    [InlineData("[\"jpg\"]", "jpg")]
    [InlineData("[\"png\"]", "png")]
    [InlineData("[\"webp\", \"metadata\"]", "webp")]
    [InlineData("[\"metadata\", \"avif\"]", "avif")]
    public void RejectsConversionToTheSameFormat(string operations, string source)
    {
        var result = Parse(operations, source: source);

        Assert.Equal(422, result.Problem!.StatusCode);
        Assert.Contains($"\"{source}\"", result.Problem.Detail);
        Assert.Contains("own format", result.Problem.Detail);
    }

    [Fact]
    public void SkipsTheSameFormatRuleWhenTheSourceFormatIsUnknown()
    {
        var plan = ParseValid("[\"png\"]", source: null);

        Assert.Equal(["png"], plan.Names);
    }

    // API.md "Validation": bad operation_params (not an object, wrong types, out of range, param on the wrong op).
    [Theory]
    [InlineData("[\"webp\"]", "[]", "operation_params must be a JSON object")]
    [InlineData("[\"webp\"]", "null", "operation_params must be a JSON object")]
    [InlineData("[\"webp\"]", "\"quality=80\"", "got \"quality=80\"")]
    [InlineData("[\"webp\"]", "{\"webp\": ", "operation_params must be a JSON object")]
    [InlineData("[\"webp\"]", "{\"gif\": {}}", "operation_params.gif is not a known operation")]
    [InlineData("[\"webp\"]", "{\"avif\": {\"quality\": 50}}", "operation_params.avif is given but \"avif\" is not in operations")]
    [InlineData("[\"webp\"]", "{\"webp\": {}, \"webp\": {}}", "operation_params must give webp once")]
    [InlineData("[\"webp\"]", "{\"webp\": 80}", "operation_params.webp must be a JSON object of parameters, got 80")]
    [InlineData("[\"webp\"]", "{\"webp\": null}", "operation_params.webp must be a JSON object of parameters, got null")]
    [InlineData("[\"webp\"]", "{\"webp\": {\"colour\": 1}}", "operation_params.webp.colour is not a known parameter")]
    [InlineData("[\"webp\"]", "{\"webp\": {\"Quality\": 80}}", "operation_params.webp.Quality is not a known parameter")]
    [InlineData("[\"webp\"]", "{\"webp\": {\"quality\": 80, \"quality\": 81}}", "operation_params.webp must give quality once")]
    [InlineData("[\"png\"]", "{\"png\": {\"quality\": 80}}", "operation_params.png.quality is not accepted by png")]
    [InlineData("[\"denoise\"]", "{\"denoise\": {\"quality\": 80}}", "operation_params.denoise.quality is not accepted by denoise")]
    [InlineData("[\"metadata\"]", "{\"metadata\": {\"resize\": {\"width\": 10}}}", "operation_params.metadata.resize is not accepted by metadata")]
    [InlineData("[\"webp\"]", "{\"webp\": {\"strength\": 10}}", "operation_params.webp.strength is not accepted by webp")]
    [InlineData("[\"webp\"]", "{\"webp\": {\"quality\": 0}}", "operation_params.webp.quality must be an integer 1..100, got 0")]
    [InlineData("[\"webp\"]", "{\"webp\": {\"quality\": 101}}", "operation_params.webp.quality must be an integer 1..100, got 101")]
    [InlineData("[\"jpg\"]", "{\"jpg\": {\"quality\": -5}}", "operation_params.jpg.quality must be an integer 1..100, got -5")]
    [InlineData("[\"webp\"]", "{\"webp\": {\"quality\": 75.5}}", "operation_params.webp.quality must be an integer 1..100, got 75.5")]
    [InlineData("[\"webp\"]", "{\"webp\": {\"quality\": 75.0}}", "operation_params.webp.quality must be an integer 1..100, got 75.0")]
    [InlineData("[\"webp\"]", "{\"webp\": {\"quality\": 1e2}}", "operation_params.webp.quality must be an integer 1..100, got 1e2")]
    [InlineData("[\"webp\"]", "{\"webp\": {\"quality\": \"abc\"}}", "operation_params.webp.quality must be an integer 1..100, got \"abc\"")]
    [InlineData("[\"webp\"]", "{\"webp\": {\"quality\": \"75.5\"}}", "operation_params.webp.quality must be an integer 1..100, got \"75.5\"")]
    [InlineData("[\"webp\"]", "{\"webp\": {\"quality\": \"\"}}", "operation_params.webp.quality must be an integer 1..100, got \"\"")]
    [InlineData("[\"webp\"]", "{\"webp\": {\"quality\": \" 75\"}}", "operation_params.webp.quality must be an integer 1..100, got \" 75\"")]
    [InlineData("[\"webp\"]", "{\"webp\": {\"quality\": \"0\"}}", "operation_params.webp.quality must be an integer 1..100, got \"0\"")]
    [InlineData("[\"avif\"]", "{\"avif\": {\"quality\": true}}", "operation_params.avif.quality must be an integer 1..100, got true")]
    [InlineData("[\"avif\"]", "{\"avif\": {\"quality\": null}}", "operation_params.avif.quality must be an integer 1..100, got null")]
    [InlineData("[\"avif\"]", "{\"avif\": {\"quality\": [80]}}", "operation_params.avif.quality must be an integer 1..100, got [80]")]
    [InlineData("[\"avif\"]", "{\"avif\": {\"quality\": 99999999999999999999999}}", "must be an integer 1..100, got 99999999999999999999999")]
    [InlineData("[\"jpg\"]", "{\"jpg\": {\"resize\": 800}}", "operation_params.jpg.resize must be an object")]
    [InlineData("[\"jpg\"]", "{\"jpg\": {\"resize\": \"800x600\"}}", "operation_params.jpg.resize must be an object {\"width\", \"height\", \"fit\"}, got \"800x600\"")]
    [InlineData("[\"jpg\"]", "{\"jpg\": {\"resize\": {}}}", "operation_params.jpg.resize must give width or height (or both), got {}")]
    [InlineData("[\"jpg\"]", "{\"jpg\": {\"resize\": {\"fit\": \"cover\"}}}", "operation_params.jpg.resize must give width or height")]
    [InlineData("[\"jpg\"]", "{\"jpg\": {\"resize\": {\"w\": 10}}}", "operation_params.jpg.resize.w is not a known resize key")]
    [InlineData("[\"jpg\"]", "{\"jpg\": {\"resize\": {\"width\": 10, \"width\": 20}}}", "operation_params.jpg.resize must give width once")]
    [InlineData("[\"jpg\"]", "{\"jpg\": {\"resize\": {\"width\": 0}}}", "operation_params.jpg.resize.width must be an integer > 0, got 0")]
    [InlineData("[\"jpg\"]", "{\"jpg\": {\"resize\": {\"width\": -1}}}", "operation_params.jpg.resize.width must be an integer > 0, got -1")]
    [InlineData("[\"jpg\"]", "{\"jpg\": {\"resize\": {\"height\": 10.5}}}", "operation_params.jpg.resize.height must be an integer > 0, got 10.5")]
    [InlineData("[\"jpg\"]", "{\"jpg\": {\"resize\": {\"height\": \"ten\"}}}", "operation_params.jpg.resize.height must be an integer > 0, got \"ten\"")]
    [InlineData("[\"jpg\"]", "{\"jpg\": {\"resize\": {\"height\": null}}}", "operation_params.jpg.resize.height must be an integer > 0, got null")]
    [InlineData("[\"jpg\"]", "{\"jpg\": {\"resize\": {\"width\": 9000}}}", "operation_params.jpg.resize.width must be at most 8192 (the output limit), got 9000")]
    [InlineData("[\"png\"]", "{\"png\": {\"resize\": {\"width\": 10, \"height\": \"8193\"}}}", "operation_params.png.resize.height must be at most 8192 (the output limit), got \"8193\"")]
    [InlineData("[\"png\"]", "{\"png\": {\"resize\": {\"width\": 99999999999999999999}}}", "operation_params.png.resize.width must be at most 8192")]
    [InlineData("[\"webp\"]", "{\"webp\": {\"resize\": {\"width\": 10, \"fit\": \"stretch\"}}}", "operation_params.webp.resize.fit must be one of fill, inside, cover, contain, got \"stretch\"")]
    [InlineData("[\"webp\"]", "{\"webp\": {\"resize\": {\"width\": 10, \"fit\": \"Cover\"}}}", "operation_params.webp.resize.fit must be one of fill, inside, cover, contain, got \"Cover\"")]
    [InlineData("[\"webp\"]", "{\"webp\": {\"resize\": {\"width\": 10, \"fit\": 1}}}", "operation_params.webp.resize.fit must be one of fill, inside, cover, contain, got 1")]
    [InlineData("[\"denoise\"]", "{\"denoise\": {\"strength\": -1}}", "operation_params.denoise.strength must be \"auto\" or a number 0..75, got -1")]
    [InlineData("[\"denoise\"]", "{\"denoise\": {\"strength\": 75.01}}", "operation_params.denoise.strength must be \"auto\" or a number 0..75, got 75.01")]
    [InlineData("[\"denoise\"]", "{\"denoise\": {\"strength\": \"strong\"}}", "operation_params.denoise.strength must be \"auto\" or a number 0..75, got \"strong\"")]
    [InlineData("[\"denoise\"]", "{\"denoise\": {\"strength\": \"AUTO\"}}", "operation_params.denoise.strength must be \"auto\" or a number 0..75, got \"AUTO\"")]
    [InlineData("[\"denoise\"]", "{\"denoise\": {\"strength\": \"NaN\"}}", "operation_params.denoise.strength must be \"auto\" or a number 0..75, got \"NaN\"")]
    [InlineData("[\"denoise\"]", "{\"denoise\": {\"strength\": \"Infinity\"}}", "operation_params.denoise.strength must be \"auto\" or a number 0..75, got \"Infinity\"")]
    [InlineData("[\"denoise\"]", "{\"denoise\": {\"strength\": true}}", "operation_params.denoise.strength must be \"auto\" or a number 0..75, got true")]
    [InlineData("[\"denoise\"]", "{\"denoise\": {\"strength\": null}}", "operation_params.denoise.strength must be \"auto\" or a number 0..75, got null")]
    [InlineData("[\"denoise\"]", "{\"denoise\": {\"resize\": {\"width\": 0}}}", "operation_params.denoise.resize.width must be an integer > 0, got 0")]
    public void RejectsBadOperationParamsWith422NamingTheFieldRuleAndValue(string operations, string operationParams, string expectedInDetail)
    {
        var result = Parse(operations, operationParams, source: operations.Contains("\"jpg\"") ? "png" : "jpg");

        Assert.False(result.Succeeded);
        Assert.Equal(422, result.Problem.StatusCode);
        Assert.StartsWith("operation_params", result.Problem.Detail);
        Assert.Contains(expectedInDetail, result.Problem.Detail);
    }

    [Fact]
    public void ParamOnTheWrongOperationSaysWhichOperationsAcceptIt()
    {
        var result = Parse("[\"png\"]", "{\"png\": {\"quality\": 80}}");

        Assert.Contains("quality is accepted by jpg, webp, avif", result.Problem!.Detail);
    }

    [Fact]
    public void OutputLimitComesFromTheOptions()
    {
        var limits = new LimitsOptions { MaxOutputSide = 100 };

        var refused = OperationPlanParser.Parse("[\"png\"]", "{\"png\": {\"resize\": {\"width\": 101}}}", ImageFormats.Jpeg, limits);
        var accepted = OperationPlanParser.Parse("[\"png\"]", "{\"png\": {\"resize\": {\"width\": 100}}}", ImageFormats.Jpeg, limits);

        Assert.Contains("must be at most 100 (the output limit), got 101", refused.Problem!.Detail);
        Assert.True(accepted.Succeeded);
    }

    [Fact]
    public void ChecksOperationsBeforeParams()
    {
        var result = Parse("[\"gif\"]", "{\"gif\": {\"quality\": 0}}");

        Assert.StartsWith("operations contains an unknown operation", result.Problem!.Detail);
    }
}
