using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PixTools.Operations.Denoise;

namespace PixTools.UnitTests.Operations;

public class DenoiseModelTests
{
    [Fact]
    public void TheShippedModelLoadsWithTheContractsInputsAndOutput()
    {
        var model = DenoiseTestKit.Model;

        Assert.True(File.Exists(model.Path), model.Path);
        Assert.True(new FileInfo(model.Path).Length < 5 * 1024 * 1024, "the shipped model must stay under 5 MB");
        Assert.True(model.TakesSigma);
        Assert.StartsWith("ffdnet", model.Architecture);
    }

    [Fact]
    public void RunsOnAnEvenTileAndRefusesAnOddOne()
    {
        var input = new float[3 * 6 * 8];
        Array.Fill(input, 0.5f);
        var output = new float[input.Length];

        DenoiseTestKit.Model.Run(input, output, 6, 8, 10);

        Assert.All(output, v => Assert.InRange(v, 0.3f, 0.7f));
        Assert.Throws<ArgumentException>(() => DenoiseTestKit.Model.Run(input, output, 5, 8, 10));
    }

    [Fact]
    public void AMissingModelFileFailsNamingTheSettingAndThePath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"pixtools-missing-{Guid.NewGuid():N}.onnx");
        using var model = Load(path);

        var error = Assert.Throws<InvalidOperationException>(model.EnsureLoaded);

        Assert.Contains("Denoise:ModelPath", error.Message);
        Assert.Contains(path, error.Message);
        Assert.Contains("does not exist", error.Message);
    }

    [Fact]
    public void AMissingLevelModelFileFailsNamingItsSettingAndThePath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"pixtools-missing-level-{Guid.NewGuid():N}.onnx");
        using var model = new DenoiseModel(new DenoiseOptions { LevelModelPath = path }, NullLogger<DenoiseModel>.Instance);

        var error = Assert.Throws<InvalidOperationException>(model.EnsureLoaded);

        Assert.Contains("Denoise:LevelModelPath", error.Message);
        Assert.Contains(path, error.Message);
        Assert.Contains("does not exist", error.Message);
    }

    [Fact]
    public void TheDenoiserInPlaceOfTheLevelModelIsRefusedNamingTheSetting()
    {
        using var model = new DenoiseModel(new DenoiseOptions { LevelModelPath = "Models/denoise.onnx" }, NullLogger<DenoiseModel>.Instance);

        var error = Assert.Throws<InvalidOperationException>(model.EnsureLoaded);

        Assert.Contains("Denoise:LevelModelPath", error.Message);
        Assert.Contains("is not a denoise level model", error.Message);
    }

    [Fact]
    public void TheLevelModelReadsAFlatCropAsClean()
    {
        var crop = new float[3 * 64 * 64];
        Array.Fill(crop, 0.4f);

        Assert.InRange(DenoiseTestKit.Model.RunLevel(crop, 64, 64), 0, 2);
        Assert.Throws<ArgumentException>(() => DenoiseTestKit.Model.RunLevel(crop, 63, 64));
    }

    [Fact]
    public void AFileThatIsNotAnOnnxModelFailsNamingTheSettingAndThePath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"pixtools-broken-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, "not a model at all"u8.ToArray());
        try
        {
            using var model = Load(path);

            var error = Assert.Throws<InvalidOperationException>(model.EnsureLoaded);

            Assert.Contains("Denoise:ModelPath", error.Message);
            Assert.Contains(path, error.Message);
            Assert.Contains("not a loadable ONNX model", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ARelativeModelPathIsUnderTheProgramsFolder()
    {
        using var model = new DenoiseModel(new DenoiseOptions { ModelPath = "Models/denoise.onnx" }, NullLogger<DenoiseModel>.Instance);

        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "Models", "denoise.onnx"), model.Path);
    }

    private static DenoiseModel Load(string path) =>
        new(new DenoiseOptions { ModelPath = path }, NullLogger<DenoiseModel>.Instance);
}
