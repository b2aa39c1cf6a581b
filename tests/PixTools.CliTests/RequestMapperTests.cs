using PixTools.Cli.Processing;
using PixTools.Cli.Requests;

namespace PixTools.CliTests;

/// <summary>The command line's options as the server's form fields: which of the two forms, and exactly what each carries.</summary>
public sealed class RequestMapperTests
{
    private static ConversionOptions Options(string formats, string? quality = null, string? resize = null, bool denoise = false) => new(
        ConversionOptions.ParseFormats(formats).Formats,
        quality is null ? null : QualitySpec.Parse(quality).Spec,
        resize is null ? null : ResizeSpec.Parse(resize, "inside").Spec,
        denoise);

    [Fact]
    public void FormatsWithANumberQuality_UseTheOperationsForm_WithQualityOnlyWhereAccepted()
    {
        var plan = RequestMapper.Map(Options("webp,png", "75", "1920x"), "jpg");

        Assert.Equal("""["webp","png"]""", plan.Fields.Single(f => f.Key == "operations").Value);
        Assert.Equal("""{"png":{"resize":{"width":1920}},"webp":{"quality":75,"resize":{"width":1920}}}""", plan.Fields.Single(f => f.Key == "operation_params").Value);
        Assert.Equal(["webp", "png"], plan.Outputs.Select(o => o.ResultKey));
        Assert.All(plan.Outputs, o => Assert.False(o.InResults));
    }

    [Fact]
    public void TheFilesOwnFormat_IsNotRequested_InTheOperationsForm()
    {
        var plan = RequestMapper.Map(Options("jpg,webp"), "jpg");

        Assert.Equal("""["webp"]""", plan.Fields.Single().Value);
        Assert.Equal(["jpg"], plan.NotMade);
        Assert.Empty(RequestMapper.Map(Options("jpg"), "jpg").Outputs);
    }

    [Theory]
    [InlineData("jpg", "70", null, "jpg", """[{"name":"jpg","format":"same","quality":70}]""")]
    [InlineData("jpg,webp", null, "1920x", "jpg", """[{"name":"jpg","format":"same","resize":{"width":1920}},{"name":"webp","format":"webp","resize":{"width":1920}}]""")]
    [InlineData("png", null, "800x", "png", """[{"name":"png","format":"same","resize":{"width":800}}]""")]
    public void TheFilesOwnFormat_WithANewSizeOrQuality_IsMadeAgain_InTheOutputsForm(string formats, string? quality, string? resize, string source, string outputs)
    {
        var plan = RequestMapper.Map(Options(formats, quality, resize), source);

        Assert.Equal(outputs, plan.Fields.Single(f => f.Key == "outputs").Value);
        Assert.Empty(plan.NotMade);
        Assert.All(plan.Outputs, o => Assert.True(o.InResults));
    }

    [Fact]
    public void TheFilesOwnFormat_WithNothingToChange_IsStillNotSent()
    {
        // A PNG takes no quality: --quality 70 changes nothing in a PNG made again as PNG.
        var plan = RequestMapper.Map(Options("png,webp", "70"), "png");
        Assert.Equal(["png"], plan.NotMade);
        Assert.Equal("""["webp"]""", plan.Fields.Single(f => f.Key == "operations").Value);
    }

    [Fact]
    public void DenoiseAlone_IsTheDenoiseOperation_WithPngOutput()
    {
        var plan = RequestMapper.Map(Options("", resize: "x1080", denoise: true), "jpg");

        Assert.Equal("""["denoise"]""", plan.Fields[0].Value);
        Assert.Equal("""{"denoise":{"resize":{"height":1080}}}""", plan.Fields[1].Value);
        Assert.Equal("png", plan.Outputs.Single().Extension);
    }

    [Fact]
    public void AutoQualityOrDenoiseWithFormats_UseTheOutputsForm()
    {
        var auto = RequestMapper.Map(Options("avif,jpg", "auto:good", "1920x1080"), "jpg");
        var denoised = RequestMapper.Map(Options("webp", denoise: true), "png");

        Assert.Equal("outputs", auto.Fields.Single().Key);
        Assert.Equal(
            """[{"name":"avif","format":"avif","quality":"auto:good","resize":{"width":1920,"height":1080,"fit":"inside"}},{"name":"jpg","format":"same","quality":"auto:good","resize":{"width":1920,"height":1080,"fit":"inside"}}]""",
            auto.Fields.Single().Value);
        Assert.Equal("""[{"name":"webp","format":"webp","denoise":true}]""", denoised.Fields.Single().Value);
        Assert.All(auto.Outputs.Concat(denoised.Outputs), o => Assert.True(o.InResults));
    }

    [Fact]
    public void TheIdempotencyKey_DependsOnTheBytesAndTheRequest_AndNothingElse()
    {
        var plan = RequestMapper.Map(Options("webp"), "jpg");
        var key = FileProcessor.IdempotencyKey("aa", plan);

        Assert.Equal(key, FileProcessor.IdempotencyKey("aa", RequestMapper.Map(Options("webp"), "jpg")));
        Assert.NotEqual(key, FileProcessor.IdempotencyKey("ab", plan));
        Assert.NotEqual(key, FileProcessor.IdempotencyKey("aa", RequestMapper.Map(Options("webp", "70"), "jpg")));
        Assert.InRange(key.Length, 1, 255);
    }

    [Theory]
    [InlineData("1920x", 1920, null)]
    [InlineData("x1080", null, 1080)]
    [InlineData("800X600", 800, 600)]
    public void Resize_AcceptsEitherOrBothSides(string text, int? width, int? height)
    {
        var (spec, error) = ResizeSpec.Parse(text, "inside");

        Assert.Null(error);
        Assert.Equal((width, height), (spec!.Width, spec.Height));
    }

    [Fact]
    public void Resize_WithoutEnlarging_SaysSoToTheServer()
    {
        Assert.Equal("""{"width":1920,"enlarge":false}""", System.Text.Json.JsonSerializer.Serialize(ResizeSpec.Parse("1920x", "inside", enlarge: false).Spec!.ToJson()));
        Assert.Equal("""{"width":1920}""", System.Text.Json.JsonSerializer.Serialize(ResizeSpec.Parse("1920x", "inside").Spec!.ToJson()));
    }

    [Theory]
    [InlineData("x")]
    [InlineData("big")]
    [InlineData("0x100")]
    public void Resize_RefusesWhatIsNotASize(string text) => Assert.NotNull(ResizeSpec.Parse(text, "inside").Error);

    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    [InlineData("high")]
    public void Quality_RefusesOutOfRange(string text) => Assert.NotNull(QualitySpec.Parse(text).Error);

    [Fact]
    public void ARecipe_IsSentAsGiven_AndEachOutputIsNamedAfterItself()
    {
        var (recipe, error) = RecipeSpec.Parse("""
            // comments and trailing commas, as people write JSON by hand
            [ {"name": "thumb", "format": "webp", "resize": {"width": 320}},
              {"name": "full", "format": "same", "quality": "auto"}, ]
            """);
        Assert.Null(error);

        var plan = RequestMapper.Map(new ConversionOptions([], null, null, false, recipe), "jpg");

        Assert.Equal("""[{"name":"thumb","format":"webp","resize":{"width":320}},{"name":"full","format":"same","quality":"auto"}]""",
            plan.Fields.Single(f => f.Key == "outputs").Value);
        Assert.Equal([("thumb", "webp", "thumb"), ("full", "same", "full")], plan.Outputs.Select(o => (o.ResultKey, o.Extension, o.Suffix!)));
        Assert.All(plan.Outputs, o => Assert.True(o.InResults));
        // For a PNG a same output's quality is left out (PNG has none), as the server does for a batch.
        Assert.Equal("""[{"name":"thumb","format":"webp","resize":{"width":320}},{"name":"full","format":"same"}]""",
            RequestMapper.Map(new ConversionOptions([], null, null, false, recipe), "png").Fields.Single().Value);
    }

    [Fact]
    public void ARecipe_IsReadFromAFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"recipe-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """[{"name":"a","format":"png"}]""");
        try
        {
            var (recipe, error) = RecipeSpec.Parse(path);
            Assert.Null(error);
            Assert.Equal("""[{"name":"a","format":"png"}]""", recipe!.Json);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("[]", "at least one output")]
    [InlineData("{\"name\":\"a\",\"format\":\"png\"}", "JSON array")]
    [InlineData("[1]", "item 1 is not an object")]
    [InlineData("[{\"name\":\"Big\",\"format\":\"png\"}]", "item 1 needs a name")]
    [InlineData("[{\"format\":\"png\"}]", "item 1 needs a name")]
    [InlineData("[{\"name\":\"a\",\"format\":\"png\"},{\"name\":\"a\",\"format\":\"jpg\"}]", "\"a\" is given twice")]
    [InlineData("[{\"name\":\"a\"}]", "\"a\" needs a format")]
    [InlineData("[{\"name\":", "this is not JSON")]
    [InlineData("no-such-recipe.json", "is neither")]
    public void ARecipe_ThatIsNotOne_IsRefusedWithASentence(string text, string expected)
    {
        var (recipe, error) = RecipeSpec.Parse(text);

        Assert.Null(recipe);
        Assert.Contains(expected, error);
    }
}
