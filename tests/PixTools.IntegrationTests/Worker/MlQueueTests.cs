using Microsoft.Extensions.DependencyInjection;
using PixTools.IntegrationTests.Support;
using PixTools.Operations.Denoise;
using PixTools.Operations;

namespace PixTools.IntegrationTests.Worker;

/// <summary>
/// Denoise runs on the ml queue with its own concurrency (Worker:MlConcurrency, 1 by default): a long denoise
/// holds back the next denoise, never a conversion. The model is replaced by a gate the test opens.
/// </summary>
public sealed class MlQueueTests(MlQueueTests.GatedApp app) : IClassFixture<MlQueueTests.GatedApp>
{
    private readonly JobClient client = new(app.CreateClient());

    /// <summary>A <c>denoise</c> that waits for the test to open its gate, counting how many run at once.</summary>
    public sealed class GatedDenoise : IImageOperation
    {
        private readonly TaskCompletionSource gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int running;

        public string Name => OperationNames.Denoise;

        public int Started;

        public int MostAtOnce;

        public void Open() => gate.TrySetResult();

        public async Task<OperationOutput> RunAsync(OperationInput input, Stream destination, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Started);
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref MostAtOnce, now);
            try
            {
                await gate.Task.WaitAsync(cancellationToken);
                await destination.WriteAsync(input.Source, cancellationToken);
                return new OperationOutput(new ResultFile("png", "image/png", 600, 400));
            }
            finally
            {
                Interlocked.Decrement(ref running);
            }
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
            {
            }
        }
    }

    public sealed class GatedApp : PixToolsApp
    {
        public GatedDenoise Denoise { get; } = new();

        protected override void ConfigureServices(IServiceCollection services)
        {
            services.Remove(services.Single(d => d.ServiceType == typeof(IImageOperation) && d.ImplementationType == typeof(DenoiseOperation)));
            services.AddSingleton<IImageOperation>(Denoise);
        }
    }

    [Fact]
    public async Task ADenoiseHoldsBackTheNextDenoiseButNotAConversion()
    {
        var first = await client.SubmitAsync("coffee.png", "[\"denoise\"]");
        await WaitUntilAsync(() => app.Denoise.Started == 1);
        var second = await client.SubmitAsync("coffee.png", "[\"denoise\"]");
        var conversion = await client.SubmitAsync("coffee.png", "[\"webp\"]");

        Assert.Equal("COMPLETED", (await client.WaitForTerminalAsync(conversion)).GetProperty("status").GetString());
        Assert.Equal(1, app.Denoise.Started);

        app.Denoise.Open();
        Assert.Equal("COMPLETED", (await client.WaitForTerminalAsync(first)).GetProperty("status").GetString());
        Assert.Equal("COMPLETED", (await client.WaitForTerminalAsync(second)).GetProperty("status").GetString());
        Assert.Equal(2, app.Denoise.Started);
        Assert.Equal(1, app.Denoise.MostAtOnce);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not met before the deadline");
            await Task.Delay(20);
        }
    }
}
