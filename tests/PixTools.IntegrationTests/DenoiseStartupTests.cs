using Microsoft.Extensions.DependencyInjection;
using PixTools.IntegrationTests.Support;
using PixTools.Operations.Denoise;

namespace PixTools.IntegrationTests;

/// <summary>
/// The model's files are checked at start where the ml queue is consumed, and only there; it is loaded at start by a
/// process that only denoises, and by the first denoise job in one that also converts (Denoise:Load).
/// </summary>
public sealed class DenoiseStartupTests
{
    private sealed class QueuesApp(string queues, params (string Key, string Value)[] more) : PixToolsApp
    {
        protected override IEnumerable<(string Key, string Value)> Settings => [("Worker:Queues", queues), .. more];
    }

    private sealed class BrokenModelApp(string load) : PixToolsApp
    {
        public string ModelPath { get; } = Path.Combine(Path.GetTempPath(), $"pixtools-broken-model-{Guid.NewGuid():N}.onnx");

        protected override IEnumerable<(string Key, string Value)> Settings =>
            [("Denoise:ModelPath", ModelPath), ("Denoise:Load", load), ("Worker:MaxDeliveries", "1")];
    }

    [Fact]
    public async Task AProcessThatAlsoConvertsLoadsTheModelWithTheFirstDenoiseJob()
    {
        using var app = new QueuesApp("standard,ml");
        var client = new JobClient(app.CreateClient());
        var model = app.Services.GetRequiredService<DenoiseModel>();

        var converted = await client.SubmitAsync("coffee.png", "[\"webp\"]");
        Assert.Equal("COMPLETED", (await client.WaitForTerminalAsync(converted)).GetProperty("status").GetString());
        Assert.False(model.IsLoaded);

        var denoised = await client.SubmitAsync("coffee.png", "[\"denoise\"]");
        Assert.Equal("COMPLETED", (await client.WaitForTerminalAsync(denoised)).GetProperty("status").GetString());
        Assert.True(model.IsLoaded);
    }

    [Theory]
    [InlineData("ml")]
    [InlineData("standard,ml", "AtStart")]
    public void AProcessLoadsTheModelAtStartWhenItOnlyDenoisesOrIsToldTo(string queues, string load = "Auto")
    {
        using var app = new QueuesApp(queues, ("Denoise:Load", load));
        _ = app.CreateClient();

        Assert.True(app.Services.GetRequiredService<DenoiseModel>().IsLoaded);
    }

    [Fact]
    public async Task AModelFileThatCannotBeLoadedOnFirstUseFailsTheJobWithAPlainReason()
    {
        using var app = new BrokenModelApp("OnFirstUse");
        await File.WriteAllTextAsync(app.ModelPath, "not an ONNX model");
        try
        {
            var client = new JobClient(app.CreateClient());

            var jobId = await client.SubmitAsync("coffee.png", "[\"denoise\"]");
            var job = await client.WaitForTerminalAsync(jobId);

            Assert.Equal("FAILED", job.GetProperty("status").GetString());
            var reason = job.ToString();
            Assert.Contains("the denoise model of this server could not be loaded", reason);
            Assert.DoesNotContain(app.ModelPath, reason);
            Assert.DoesNotContain("Denoise:ModelPath", reason);
        }
        finally
        {
            File.Delete(app.ModelPath);
        }
    }

    [Fact]
    public async Task AModelFileThatCannotBeLoadedStopsTheStartWhenLoadedAtStart()
    {
        using var app = new BrokenModelApp("AtStart");
        await File.WriteAllTextAsync(app.ModelPath, "not an ONNX model");
        try
        {
            var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

            Assert.Contains("Denoise:ModelPath", error.ToString());
        }
        finally
        {
            File.Delete(app.ModelPath);
        }
    }

    private sealed class MissingModelApp(string queues) : PixToolsApp
    {
        public string ModelPath { get; } = Path.Combine(Path.GetTempPath(), $"pixtools-no-model-{Guid.NewGuid():N}.onnx");

        protected override IEnumerable<(string Key, string Value)> Settings => [("Denoise:ModelPath", ModelPath), ("Worker:Queues", queues)];
    }

    [Fact]
    public void AWorkerOfTheMlQueueRefusesToStartWithoutTheModelNamingIt()
    {
        using var app = new MissingModelApp("standard,ml");

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        var message = error.ToString();
        Assert.Contains("Denoise:ModelPath", message);
        Assert.Contains(app.ModelPath, message);
    }

    [Fact]
    public async Task AProcessNotConsumingTheMlQueueStartsWithoutTheModel()
    {
        using var app = new MissingModelApp("standard");
        var client = new JobClient(app.CreateClient());

        var jobId = await client.SubmitAsync("coffee.png", "[\"webp\"]");

        Assert.Equal("COMPLETED", (await client.WaitForTerminalAsync(jobId)).GetProperty("status").GetString());
    }
}
