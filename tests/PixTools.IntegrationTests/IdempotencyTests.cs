using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PixTools.IntegrationTests.Support;
using PixTools.Jobs;

namespace PixTools.IntegrationTests;

/// <summary>Idempotency-Key: stored with the job in one transaction, so replays and races answer one job.</summary>
public sealed class IdempotencyTests(PixToolsApp app) : IClassFixture<PixToolsApp>
{
    private readonly JobClient client = new(app.CreateClient());
    private static readonly byte[] Photo = TestPhotos.Read("coffee.png");

    [Fact]
    public async Task SameIdempotencyKeyReturnsSameJob()
    {
        var key = Guid.NewGuid().ToString();
        var first = await SubmitAsync(key);
        var second = await SubmitAsync(key);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task ConcurrentSubmissionsWithOneKeyCreateExactlyOneJob()
    {
        var key = Guid.NewGuid().ToString();
        var ids = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => SubmitAsync(key)));
        Assert.Single(ids.Distinct());

        var factory = app.Services.GetRequiredService<IDbContextFactory<JobsDb>>();
        await using var db = await factory.CreateDbContextAsync();
        Assert.Equal(1, await db.IdempotencyKeys.CountAsync(k => k.Key == key));
        Assert.True(await db.Jobs.AnyAsync(j => j.Id == ids[0]));
    }

    [Fact]
    public async Task RefusesTheSameKeyWithAnotherRequest()
    {
        var key = Guid.NewGuid().ToString();
        await SubmitAsync(key);
        using var response = await client.PostAsync(JobClient.Form(Photo, "coffee.png", "image/png", "[\"avif\"]"), key);
        await SubmitValidationTests.AssertProblemAsync(response, 422, "Idempotency-Key");
    }

    private async Task<Guid> SubmitAsync(string key)
    {
        using var response = await client.PostAsync(JobClient.Form(Photo, "coffee.png", "image/png", "[\"webp\"]"), key);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("job_id").GetGuid();
    }
}
