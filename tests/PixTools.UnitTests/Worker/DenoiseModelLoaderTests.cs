using PixTools.Operations.Denoise;
using PixTools.Worker;

namespace PixTools.UnitTests.Worker;

public sealed class DenoiseModelLoaderTests
{
    [Theory]
    [InlineData(DenoiseModelLoad.Auto, "ml", true)]
    [InlineData(DenoiseModelLoad.Auto, "standard,ml", false)]
    [InlineData(DenoiseModelLoad.Auto, "standard", false)]
    [InlineData(DenoiseModelLoad.AtStart, "standard,ml", true)]
    [InlineData(DenoiseModelLoad.AtStart, "ml", true)]
    [InlineData(DenoiseModelLoad.AtStart, "standard", false)]
    [InlineData(DenoiseModelLoad.OnFirstUse, "ml", false)]
    [InlineData(DenoiseModelLoad.OnFirstUse, "standard,ml", false)]
    public void TheModelIsLoadedAtStartOnlyWhereMlIsConsumedAndTheSettingAsksForIt(DenoiseModelLoad load, string queues, bool expected)
    {
        Assert.Equal(expected, DenoiseModelLoader.LoadsAtStart(load, queues.Split(',')));
    }
}
