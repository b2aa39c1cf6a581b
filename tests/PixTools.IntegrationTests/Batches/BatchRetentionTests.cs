using System.Net;
using PixTools.IntegrationTests.Support;

namespace PixTools.IntegrationTests.Batches;

/// <summary>Retention covers batches: after Jobs:Retention the batch, its jobs and its ZIP are gone.</summary>
public sealed class BatchRetentionTests
{
    private sealed class ShortRetentionApp : PixToolsApp
    {
        protected override IEnumerable<(string Key, string Value)> Settings =>
            [("Jobs:Retention", "00:00:20"), ("Jobs:PruneInterval", "00:00:00.500")];
    }

    [Fact]
    public async Task PrunesTheBatchItsJobsAndItsZipAfterTheRetentionWindow()
    {
        using var app = new ShortRetentionApp();
        var client = new BatchClient(app.CreateClient());
        var accepted = await client.SubmitAsync([BatchFile.Photo("rocket-orient6.jpg"), BatchFile.Photo("camera-gray.png")], "[\"webp\"]");
        var batchId = accepted.GetProperty("batch_id").GetGuid();
        await client.WaitForEndAsync(batchId, expectArchive: true, TimeSpan.FromSeconds(18));
        var zip = Path.Combine(app.DataDirectory, "blobs", "archives", "batches", batchId.ToString(), "bundle.zip");
        Assert.True(File.Exists(zip), $"{zip} was never stored");

        var deadline = DateTime.UtcNow.AddSeconds(60);
        HttpResponseMessage response;
        while ((response = await client.Http.GetAsync($"/api/batches/{batchId}")).IsSuccessStatusCode && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.False(File.Exists(zip), $"{zip} is still there");
        foreach (var jobId in accepted.GetProperty("job_ids").EnumerateArray())
        {
            using var job = await client.Http.GetAsync($"/api/jobs/{jobId.GetGuid()}");
            Assert.Equal(HttpStatusCode.NotFound, job.StatusCode);
        }
    }
}
