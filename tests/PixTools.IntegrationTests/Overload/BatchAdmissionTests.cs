using System.Text.Json;
using PixTools.IntegrationTests.Batches;
using PixTools.IntegrationTests.Support;

namespace PixTools.IntegrationTests.Overload;

/// <summary>
/// Batches are held to the single jobs' ceiling on unfinished work (3 here, nothing ever ends): no batch may carry more
/// files than the ceiling, a batch that would pass it is refused whole with 503 and Retry-After, and a full service
/// refuses a batch before reading its body.
/// </summary>
public sealed class BatchAdmissionTests(BatchAdmissionTests.Server fixture) : IClassFixture<BatchAdmissionTests.Server>
{
    public sealed class Server() : StalledServer(maxUnfinishedJobs: 3);

    [Fact]
    public async Task ABatchIsAdmittedWholeWithinTheCeilingOnUnfinishedJobs()
    {
        var server = fixture.Process!;
        var batches = new BatchClient(server.CreateClient());
        var photo = BatchFile.Photo("rocket-orient6.jpg");

        using (var capabilities = await batches.Http.GetAsync("/api/capabilities"))
        {
            var json = JsonDocument.Parse(await capabilities.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(3, json.GetProperty("max_batch_files").GetInt32());
        }
        using (var tooMany = await batches.PostAsync(Enumerable.Repeat(photo, 4), "[\"webp\"]"))
        {
            await SubmitValidationTests.AssertProblemAsync(tooMany, 413, "A batch may carry at most 3 files; send the others in another batch.");
        }

        await batches.SubmitAsync(Enumerable.Repeat(photo, 2), "[\"webp\"]");
        using (var noRoom = await batches.PostAsync(Enumerable.Repeat(photo, 2), "[\"webp\"]"))
        {
            await SubmitValidationTests.AssertProblemAsync(noRoom, 503, "The service is busy with 2 unfinished jobs, and this batch would add 2 (it takes at most 3).");
            Assert.InRange(noRoom.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        }

        await new JobClient(server.CreateClient()).SubmitAsync("coffee.png", "[\"webp\"]");
        var (full, bytesRead) = await StalledServer.SendUnreadBodyAsync(server, "/api/batches");
        using (full)
        {
            await SubmitValidationTests.AssertProblemAsync(full, 503, "The service is busy with 3 unfinished jobs");
            Assert.True(bytesRead < 64 * 1024, $"{bytesRead} bytes of a refused batch were read");
        }
    }
}
