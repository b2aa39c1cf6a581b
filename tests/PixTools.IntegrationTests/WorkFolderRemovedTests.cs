using Microsoft.Extensions.DependencyInjection;
using PixTools.IntegrationTests.Support;
using PixTools.Storage;

namespace PixTools.IntegrationTests;

/// <summary>
/// The process's work folder removed from outside while it runs (a cleaner of old files in /tmp after days without an
/// upload): the next upload and the next ZIP make it again, instead of every upload failing until a restart.
/// </summary>
public sealed class WorkFolderRemovedTests(PixToolsApp app) : IClassFixture<PixToolsApp>
{
    [Fact]
    public async Task UploadsAndBundlesGoOnAfterTheFolderIsRemoved()
    {
        var client = new JobClient(app.CreateClient());
        var folder = app.Services.GetRequiredService<WorkTempFolder>();
        Directory.Delete(folder.Path, recursive: true);

        var jobId = await client.SubmitAsync("rocket-orient6.jpg", "[\"webp\"]");
        var job = await client.WaitForArchiveAsync(jobId);
        Assert.Equal("COMPLETED", job.GetProperty("status").GetString());
        Assert.True(Directory.Exists(folder.Path));

        // Removed again after the upload was spooled: the ZIP is made anyway.
        Directory.Delete(folder.Path, recursive: true);
        jobId = await client.SubmitAsync("coffee.png", "[\"webp\"]");
        job = await client.WaitForArchiveAsync(jobId);
        Assert.StartsWith("http", job.GetProperty("archive_url").GetString());
    }
}
