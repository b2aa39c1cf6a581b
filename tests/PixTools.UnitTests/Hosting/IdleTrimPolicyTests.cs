using Microsoft.Extensions.Options;
using PixTools.Hosting;

namespace PixTools.UnitTests.Hosting;

/// <summary>Memory is given back once per quiet spell that follows work, never while the process keeps allocating.</summary>
public sealed class IdleTrimPolicyTests
{
    private const long Quiet = 8L << 20;

    [Fact]
    public void TrimsOnceWhenTheProcessGoesQuietAfterWork()
    {
        var policy = new IdleTrimPolicy(Quiet);
        Assert.False(policy.ShouldTrim(100L << 20));      // first look: nothing to compare with
        Assert.False(policy.ShouldTrim(300L << 20));      // busy: 200 MiB allocated since
        Assert.True(policy.ShouldTrim((300L << 20) + 1024)); // quiet now
        Assert.False(policy.ShouldTrim((300L << 20) + 2048)); // still quiet: already trimmed
        Assert.False(policy.ShouldTrim((300L << 20) + 4096));
    }

    [Fact]
    public void NeverTrimsWhileEveryIntervalIsBusy()
    {
        var policy = new IdleTrimPolicy(Quiet);
        long allocated = 0;
        Assert.False(policy.ShouldTrim(allocated));
        for (var i = 0; i < 10; i++)
        {
            allocated += Quiet; // exactly the threshold counts as busy
            Assert.False(policy.ShouldTrim(allocated));
        }
    }

    [Fact]
    public void TrimsAgainAfterTheNextBusySpell()
    {
        var policy = new IdleTrimPolicy(Quiet);
        Assert.False(policy.ShouldTrim(0));
        Assert.True(policy.ShouldTrim(10));          // the start-up was the first busy spell
        Assert.False(policy.ShouldTrim(20));
        Assert.False(policy.ShouldTrim(20 + Quiet * 3)); // work again
        Assert.True(policy.ShouldTrim(30 + Quiet * 3));
    }

    [Fact]
    public async Task TheServiceGivesMemoryBackOnItsOwnOnceTheProcessIsQuiet()
    {
        var logger = new ListLogger<IdleMemoryTrim>();
        var options = Options.Create(new MemoryOptions { IdleTrimAfter = TimeSpan.FromMilliseconds(200), IdleAllocationBytes = long.MaxValue });
        using var service = new IdleMemoryTrim(options, logger, TimeProvider.System);
        await service.StartAsync(CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline && !HasTrimmed(logger)) await Task.Delay(50);
        await service.StopAsync(CancellationToken.None);
        Assert.True(HasTrimmed(logger), "no trim was logged");
        Assert.Single(logger.Messages, m => m.Contains("memory given back", StringComparison.Ordinal)); // once per quiet spell
        Assert.Contains(logger.Messages, m => m.Contains($"glibc trimmed: {OperatingSystem.IsLinux()}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ZeroTurnsItOff()
    {
        var logger = new ListLogger<IdleMemoryTrim>();
        using var service = new IdleMemoryTrim(Options.Create(new MemoryOptions { IdleTrimAfter = TimeSpan.Zero }), logger, TimeProvider.System);
        await service.StartAsync(CancellationToken.None);
        await Task.Delay(300);
        await service.StopAsync(CancellationToken.None);
        Assert.Empty(logger.Messages);
    }

    private static bool HasTrimmed(ListLogger<IdleMemoryTrim> logger)
    {
        lock (logger.Entries) return logger.Messages.Any(m => m.Contains("memory given back", StringComparison.Ordinal));
    }
}
