using PixTools.Testing;

namespace PixTools.IntegrationTests.Support;

/// <summary>
/// The test launcher itself: a server whose port another server already holds is not taken for that other one (CI
/// once ran a CLI test against a server of another test assembly that had picked the same free port, and an API key).
/// </summary>
public sealed class LauncherTests
{
    [Fact]
    public async Task AServerOnAPortAnotherServerHoldsFailsToStartRatherThanAnsweringForIt()
    {
        var data = Directory.CreateTempSubdirectory("pixtools-launcher-").FullName;
        try
        {
            await using var first = await PixToolsProcess.StartAsync(Path.Combine(data, "first"));

            var error = await Assert.ThrowsAnyAsync<Exception>(() => PixToolsProcess.StartAsync(Path.Combine(data, "second"), port: first.BaseAddress.Port));

            Assert.Contains("address already in use", error.Message, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
