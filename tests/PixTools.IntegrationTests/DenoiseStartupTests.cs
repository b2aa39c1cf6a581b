using PixTools.IntegrationTests.Support;

namespace PixTools.IntegrationTests;

/// <summary>The model is loaded at start where the ml queue is consumed, and only there.</summary>
public sealed class DenoiseStartupTests
{
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
