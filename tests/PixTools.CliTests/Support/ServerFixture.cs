using PixTools.IntegrationTests.Support;
using PixTools.Testing;

namespace PixTools.CliTests.Support;

/// <summary>One real PixTools server (embedded profile: SQLite, local blobs, in-process queue and worker) for a test class.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private readonly string data = Directory.CreateTempSubdirectory("pixtools-cli-server-").FullName;
    private PixToolsLauncher? server;

    public PixToolsLauncher Server => server!;

    public string Url => Server.BaseAddress.ToString().TrimEnd('/');

    public async Task InitializeAsync() => server = await PixToolsProcess.StartAsync(data);

    public Task DisposeAsync()
    {
        server?.Dispose();
        Directory.Delete(data, recursive: true);
        return Task.CompletedTask;
    }
}
