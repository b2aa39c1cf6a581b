using PixTools.Intake;
using PixTools.Operations;

namespace PixTools.UnitTests.Intake;

/// <summary>API.md "Outputs": every rule of the outputs field, each refusal a 422 naming the item and key.</summary>
public sealed class OutputsParserTests
{
    private static readonly LimitsOptions Limits = new();

    private static Outcome<OperationPlan> Parse(string outputs, string? operations = null, string? operationParams = null,
        ImageFormat? source = null, Func<string, bool>? isAvailable = null) =>
        RecipePlan.Parse(operations, operationParams, outputs, source ?? ImageFormats.Jpeg, Limits, isAvailable ?? (_ => true));

    [Theory]
    [InlineData("{", "outputs must be a JSON array")]
    [InlineData("{\"name\":\"a\",\"format\":\"jpg\"}", "outputs must be a JSON array")]
    [InlineData("[]", "outputs must hold 1 to 10 outputs, got 0")]
    [InlineData("[1]", "outputs[0]: must be an object")]
    [InlineData("[{\"format\":\"jpg\"}]", "outputs[0].name: is required")]
    [InlineData("[{\"name\":\"Thumb\",\"format\":\"jpg\"}]", "outputs[0].name: must match")]
    [InlineData("[{\"name\":\"-a\",\"format\":\"jpg\"}]", "outputs[0].name: must match")]
    [InlineData("[{\"name\":\"a.b\",\"format\":\"jpg\"}]", "outputs[0].name: must match")]
    [InlineData("[{\"name\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"format\":\"jpg\"}]", "outputs[0].name: must match")]
    [InlineData("[{\"name\":7,\"format\":\"jpg\"}]", "outputs[0].name: must be a string")]
    [InlineData("[{\"name\":\"metadata\",\"format\":\"jpg\"}]", "outputs[0].name: \"metadata\" is the metadata operation's name")]
    [InlineData("[{\"name\":\"a\",\"format\":\"jpg\"},{\"name\":\"a\",\"format\":\"png\"}]", "outputs[1].name: must be unique in the job, got \"a\" twice")]
    [InlineData("[{\"name\":\"a\"}]", "outputs[0].format: is required")]
    [InlineData("[{\"name\":\"a\",\"format\":\"gif\"}]", "outputs[0].format: must be one of jpg, png, webp, avif, same, got \"gif\"")]
    [InlineData("[{\"name\":\"a\",\"format\":\"JPG\"}]", "outputs[0].format: must be one of")]
    [InlineData("[{\"name\":\"a\",\"format\":\"jpg\",\"size\":3}]", "outputs[0].size: is not a known key")]
    [InlineData("[{\"name\":\"a\",\"format\":\"jpg\",\"quality\":0}]", "outputs[0].quality: must be an integer 1..100, \"auto\"")]
    [InlineData("[{\"name\":\"a\",\"format\":\"jpg\",\"quality\":101}]", "outputs[0].quality: must be an integer 1..100")]
    [InlineData("[{\"name\":\"a\",\"format\":\"jpg\",\"quality\":80.5}]", "outputs[0].quality: must be an integer 1..100")]
    [InlineData("[{\"name\":\"a\",\"format\":\"jpg\",\"quality\":\"auto:great\"}]", "outputs[0].quality: must be an integer 1..100")]
    [InlineData("[{\"name\":\"a\",\"format\":\"png\",\"quality\":80}]", "outputs[0].quality: is not accepted by png")]
    [InlineData("[{\"name\":\"a\",\"format\":\"png\",\"quality\":\"auto\"}]", "outputs[0].quality: is not accepted by png")]
    [InlineData("[{\"name\":\"a\",\"format\":\"webp\",\"resize\":{\"width\":0}}]", "outputs[0].resize.width: must be an integer > 0")]
    [InlineData("[{\"name\":\"a\",\"format\":\"webp\",\"resize\":{\"width\":9000}}]", "outputs[0].resize.width: must be at most 8192")]
    [InlineData("[{\"name\":\"a\",\"format\":\"webp\",\"resize\":{}}]", "outputs[0].resize: must give width or height")]
    [InlineData("[{\"name\":\"a\",\"format\":\"webp\",\"resize\":{\"width\":9,\"height\":9,\"fit\":\"crop\"}}]", "outputs[0].resize.fit: must be one of fill, inside, cover, contain")]
    [InlineData("[{\"name\":\"a\",\"format\":\"webp\",\"resize\":{\"width\":9,\"height\":9,\"fit\":\"cover\",\"gravity\":\"top\"}}]", "outputs[0].resize.gravity: must be one of center, smart, north, south, east, west")]
    [InlineData("[{\"name\":\"a\",\"format\":\"webp\",\"resize\":{\"width\":9,\"height\":9,\"gravity\":\"smart\"}}]", "outputs[0].resize.gravity: applies only to fit cover")]
    [InlineData("[{\"name\":\"a\",\"format\":\"webp\",\"resize\":{\"width\":9,\"fit\":\"cover\",\"gravity\":\"smart\"}}]", "outputs[0].resize.gravity: applies only to fit cover with both width and height")]
    [InlineData("[{\"name\":\"a\",\"format\":\"webp\",\"denoise\":1}]", "outputs[0].denoise: must be true or {\"strength\"")]
    [InlineData("[{\"name\":\"a\",\"format\":\"webp\",\"denoise\":{\"strength\":80}}]", "outputs[0].denoise.strength: must be \"auto\" or a number 0..75")]
    [InlineData("[{\"name\":\"a\",\"format\":\"webp\",\"denoise\":{\"level\":3}}]", "outputs[0].denoise.level: is not a known key (known: strength)")]
    [InlineData("[{\"name\":\"a\",\"format\":\"webp\",\"keep_metadata\":\"icc\"}]", "outputs[0].keep_metadata: must be an array")]
    [InlineData("[{\"name\":\"a\",\"format\":\"webp\",\"keep_metadata\":[\"exif\"]}]", "outputs[0].keep_metadata: may hold only \"icc\", \"copyright\", \"gps\", got \"exif\"")]
    [InlineData("[{\"name\":\"a\",\"format\":\"webp\",\"keep_metadata\":[\"gps\",\"gps\"]}]", "outputs[0].keep_metadata: must name gps once")]
    [InlineData("[{\"name\":\"a\",\"format\":\"webp\",\"lossless\":\"yes\"}]", "outputs[0].lossless: must be true or false")]
    [InlineData("[{\"name\":\"a\",\"format\":\"jpg\",\"lossless\":true}]", "outputs[0].lossless: true is accepted by webp and avif only")]
    [InlineData("[{\"name\":\"a\",\"format\":\"png\",\"lossless\":true}]", "outputs[0].lossless: true is accepted by webp and avif only")]
    [InlineData("[{\"name\":\"a\",\"format\":\"webp\",\"lossless\":true,\"quality\":80}]", "outputs[0].quality: cannot be given with lossless true")]
    [InlineData("[{\"name\":\"a\",\"format\":\"webp\",\"effort\":10}]", "outputs[0].effort: must be an integer 0..9, got 10")]
    [InlineData("[{\"name\":\"a\",\"format\":\"webp\",\"effort\":-1}]", "outputs[0].effort: must be an integer 0..9")]
    [InlineData("[{\"name\":\"a\",\"format\":\"webp\",\"name\":\"b\"}]", "outputs[0].name: must be given once")]
    public void RefusesEachBrokenRuleWith422NamingItemAndKey(string outputs, string expected)
    {
        var result = Parse(outputs);

        Assert.False(result.Succeeded);
        Assert.Equal(422, result.Problem.StatusCode);
        Assert.Contains(expected, result.Problem.Detail);
    }

    [Fact]
    public void RefusesMoreThanTheConfiguredNumberOfOutputs()
    {
        var eleven = "[" + string.Join(",", Enumerable.Range(0, 11).Select(i => $"{{\"name\":\"o{i}\",\"format\":\"png\"}}")) + "]";
        Assert.Equal("outputs must hold 1 to 10 outputs, got 11", Parse(eleven).Problem!.Detail);
    }

    [Theory]
    [InlineData("[\"webp\"]", "operations may hold only \"metadata\" when outputs is given, got \"webp\"")]
    [InlineData("[\"metadata\",\"denoise\"]", "got \"denoise\"")]
    [InlineData("[\"exif\"]", "operations contains an unknown operation")]
    public void OperationsBesideOutputsMayHoldOnlyMetadata(string operations, string expected)
    {
        var result = Parse("[{\"name\":\"a\",\"format\":\"png\"}]", operations);
        Assert.Equal(422, result.Problem!.StatusCode);
        Assert.Contains(expected, result.Problem.Detail);
    }

    [Theory]
    [InlineData("{\"webp\":{\"quality\":5}}")]
    [InlineData("[]")]
    [InlineData("not json")]
    public void OperationParamsBesideOutputsAreRefusedByNameUnlessEmpty(string operationParams)
    {
        var outputs = "[{\"name\":\"a\",\"format\":\"png\"}]";
        Assert.Equal("operation_params is not read when outputs is given: give each output its own quality, resize and denoise",
            Parse(outputs, operationParams: operationParams).Problem?.Detail);
        Assert.True(Parse(outputs, operationParams: " {} ").Succeeded);
        Assert.True(Parse(outputs, "[\"metadata\"]", "{}").Succeeded);
    }

    [Fact]
    public void UnavailableDenoiseIsRefusedByName()
    {
        var denoise = Parse("[{\"name\":\"a\",\"format\":\"jpg\",\"denoise\":true}]", isAvailable: name => name != OperationNames.Denoise);
        Assert.Equal("outputs[0].denoise: denoise is not available on this server", denoise.Problem!.Detail);
    }

    [Fact]
    public void ParsesEveryKeyIntoTheRunsRecipe()
    {
        var result = Parse("""
            [{"name":"thumb","format":"webp","quality":"auto:eco","resize":{"width":320,"height":320,"fit":"cover","gravity":"smart"},
              "keep_metadata":["icc","gps"],"effort":6},
             {"name":"again","format":"same","quality":70,"denoise":{"strength":12.5},"keep_metadata":["copyright"]},
             {"name":"full_1","format":"avif","lossless":true,"denoise":true}]
            """, "[\"metadata\"]");

        Assert.True(result.Succeeded, result.Problem?.Detail);
        Assert.Equal(["thumb", "again", "full_1", "metadata"], result.Value.Names);
        Assert.Equal(new OperationParams(Resize: new ResizeSpec(320, 320, ResizeFit.Cover, CropGravity.Smart), Format: "webp",
            AutoQuality: "eco", Keep: MetadataKeep.Icc | MetadataKeep.Gps, Effort: 6), result.Value.Operations[0].Params);
        Assert.Equal(new OperationParams(Quality: 70, Strength: new DenoiseStrength(12.5), Format: "jpg", Keep: MetadataKeep.Copyright),
            result.Value.Operations[1].Params);
        Assert.Equal(new OperationParams(Strength: DenoiseStrength.Auto, Format: "avif", Lossless: true), result.Value.Operations[2].Params);
    }

    [Theory]
    [InlineData("\"auto\"", "good")]
    [InlineData("\"auto:best\"", "best")]
    [InlineData("\"auto:good\"", "good")]
    [InlineData("\"auto:eco\"", "eco")]
    [InlineData("\"auto:low\"", "low")]
    public void AutoQualityLevels(string quality, string level)
    {
        var result = Parse($"[{{\"name\":\"a\",\"format\":\"jpg\",\"quality\":{quality}}}]");
        Assert.Equal(level, result.Value!.Operations[0].Params.AutoQuality);
    }

    [Fact]
    public void SameIsTheInputsOwnFormatAndMayRecompress()
    {
        Assert.Equal("png", Parse("[{\"name\":\"a\",\"format\":\"same\"}]", source: ImageFormats.Png).Value!.Operations[0].Params.Format);
        Assert.Equal("jpg", Parse("[{\"name\":\"a\",\"format\":\"jpg\",\"quality\":60}]", source: ImageFormats.Jpeg).Value!.Operations[0].Params.Format);
        Assert.Equal(422, Parse("[{\"name\":\"a\",\"format\":\"same\",\"quality\":60}]", source: ImageFormats.Png).Problem!.StatusCode);
    }

    /// <summary>A batch's outputs serve files of several formats: same takes its quality where the file's format has one.</summary>
    [Fact]
    public void InABatchSameOfAPngWritesItWithoutTheQuality()
    {
        static Outcome<List<PlannedOperation>> ForABatch(string outputs, ImageFormat source) =>
            OutputsParser.Parse(outputs, source, Limits, _ => true, forABatch: true);

        var png = ForABatch("[{\"name\":\"a\",\"format\":\"same\",\"quality\":60}]", ImageFormats.Png).Value![0].Params;
        Assert.Equal(("png", (int?)null, (string?)null), (png.Format, png.Quality, png.AutoQuality));
        var jpeg = ForABatch("[{\"name\":\"a\",\"format\":\"same\",\"quality\":60}]", ImageFormats.Jpeg).Value![0].Params;
        Assert.Equal(("jpg", (int?)60), (jpeg.Format, jpeg.Quality));
        var auto = ForABatch("[{\"name\":\"a\",\"format\":\"same\",\"quality\":\"auto:eco\"}]", ImageFormats.Webp).Value![0].Params;
        Assert.Equal("eco", auto.AutoQuality);

        // A quality no format takes is still refused, and so is one on an explicit png.
        Assert.Equal("outputs[0].quality: must be an integer 1..100, \"auto\", \"auto:best\", \"auto:good\", \"auto:eco\" or \"auto:low\", got 0",
            ForABatch("[{\"name\":\"a\",\"format\":\"same\",\"quality\":0}]", ImageFormats.Png).Problem!.Detail);
        Assert.StartsWith("outputs[0].quality: is not accepted by png", ForABatch("[{\"name\":\"a\",\"format\":\"png\",\"quality\":60}]", ImageFormats.Jpeg).Problem!.Detail);
    }

    [Fact]
    public void TheOldFormBecomesOutputsNamedAfterEachOperation()
    {
        var old = OperationPlanParser.Parse("[\"webp\",\"denoise\",\"metadata\"]", "{\"webp\":{\"quality\":60}}", ImageFormats.Jpeg, Limits).Value!;
        var plan = RecipePlan.FromOperations(old);

        Assert.Equal(new OperationParams(Quality: 60, Format: "webp"), plan.Operations[0].Params);
        Assert.Equal(new OperationParams(Strength: DenoiseStrength.Auto, Format: "png"), plan.Operations[1].Params);
        Assert.Equal(OperationParams.None, plan.Operations[2].Params);
    }
}
