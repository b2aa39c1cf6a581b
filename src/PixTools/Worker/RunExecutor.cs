using System.Text.Json;
using PixTools.Jobs;
using PixTools.Operations;
using PixTools.Operations.Vips;
using PixTools.Queue;
using PixTools.Storage;

namespace PixTools.Worker;

/// <summary>
/// Runs started runs of one job and stores what they made: the metadata operation, one output, or the outputs that
/// share one denoise. Denoise runs once (on the <c>ml</c> queue, where this message came from) into a lossless PNG
/// held in memory; each output is then encoded from it, reading kept metadata from the original upload.
/// </summary>
public sealed class RunExecutor(IBlobStore blobs, OperationCatalog operations, ILogger<RunExecutor> logger)
{
    /// <summary>The run and, when it denoises, every run of the job that shares its denoise, in the job's order.</summary>
    public static IReadOnlyList<OperationRun> GroupOf(Job job, OperationRun run)
    {
        var recipe = RecipeOf(run);
        if (recipe.Strength is null) return [run];
        return job.Operations.Select(name => job.Runs.SingleOrDefault(r => r.Operation == name)).OfType<OperationRun>()
            .Where(r => r.Operation == run.Operation || RunDispatch.SharesDenoise(RecipeOf(r), recipe)).ToList();
    }

    /// <summary>A run's recipe; rows stored before outputs existed get the format their operation name implies.</summary>
    public static OperationParams RecipeOf(OperationRun run)
    {
        var recipe = OperationParamsJson.Deserialize(run.ParamsJson);
        if (recipe.Format is not null) return recipe;
        return run.Operation switch
        {
            OperationNames.Denoise => recipe with { Format = OperationNames.Png, Strength = recipe.Strength ?? DenoiseStrength.Auto },
            _ when ImageFormats.ForOperation(run.Operation) is not null => recipe with { Format = run.Operation },
            _ => recipe,
        };
    }

    /// <summary>The metrics label of a run: its format, <c>denoise</c> when it denoises, or the operation (metadata).</summary>
    public static string MetricName(OperationRun run)
    {
        var recipe = RecipeOf(run);
        return recipe.Strength is not null ? OperationNames.Denoise : recipe.Format ?? run.Operation;
    }

    public async Task<IReadOnlyList<(OperationRun Run, OperationResultRecord Result)>> RunAsync(Job job, IReadOnlyList<OperationRun> runs, CancellationToken cancellationToken)
    {
        var sourceFormat = ImageFormats.ForSource(job.SourceFormat)
            ?? throw new ImageInputException($"source format '{job.SourceFormat}' is not supported");
        var source = await ReadSourceAsync(job.SourceKey, cancellationToken);
        var first = RecipeOf(runs[0]);
        if (first.Format is null) return [(runs[0], await RunOperationAsync(job, runs[0], source, sourceFormat, cancellationToken))];
        if (first.Strength is null) return [(runs[0], await RunOutputAsync(job, runs[0], first, new OperationInput(source, sourceFormat, first), cancellationToken))];
        return await RunDenoisedAsync(job, runs, source, sourceFormat, cancellationToken);
    }

    /// <summary>The metadata operation (or any operation that is not an output): as it always ran.</summary>
    private async Task<OperationResultRecord> RunOperationAsync(Job job, OperationRun run, byte[] source, ImageFormat sourceFormat, CancellationToken cancellationToken)
    {
        var operation = Find(run.Operation);
        var produced = await operation.RunAsync(new OperationInput(source, sourceFormat, RecipeOf(run)), Stream.Null, cancellationToken);
        var metadataJson = produced.Metadata is null ? null : JsonSerializer.Serialize(produced.Metadata);
        return new OperationResultRecord(null, null, null, null, null, metadataJson);
    }

    /// <summary>One output from <paramref name="input"/>; the recipe recorded is <paramref name="recipe"/> with the quality used.</summary>
    private async Task<OperationResultRecord> RunOutputAsync(Job job, OperationRun run, OperationParams recipe, OperationInput input, CancellationToken cancellationToken)
    {
        var operation = Find(recipe.Format!);
        using var output = new MemoryStream();
        var produced = await operation.RunAsync(input, output, cancellationToken);
        var file = produced.File ?? throw new InvalidOperationException($"output {run.Operation} wrote no file");
        var applied = recipe with { Quality = produced.Applied?.Quality ?? recipe.Quality, Strength = input.Params.Strength ?? recipe.Strength };
        var key = BlobKeys.Result(job.Id, run.Operation, file.Extension);
        var bytes = output.Length;
        output.Position = 0;
        await blobs.PutAsync(key, output, file.ContentType, cancellationToken);
        return new OperationResultRecord(key, file.ContentType, bytes, file.Width, file.Height, null, OperationParamsJson.Serialize(applied));
    }

    /// <summary>
    /// Denoises once for every run given (they share a strength), then encodes each from the denoised PNG. A lone
    /// output whose crop is centred is denoised at its own size (fewer pixels, as the old <c>denoise</c> operation did);
    /// otherwise the whole picture is, and each output resizes from it.
    /// </summary>
    private async Task<IReadOnlyList<(OperationRun, OperationResultRecord)>> RunDenoisedAsync(
        Job job, IReadOnlyList<OperationRun> runs, byte[] source, ImageFormat sourceFormat, CancellationToken cancellationToken)
    {
        var recipes = runs.Select(RecipeOf).ToList();
        var sizedFirst = recipes.Count == 1 && recipes[0].Resize is not { Fit: ResizeFit.Cover, Gravity: not CropGravity.Center };
        // When an output keeps the ICC profile, the denoise keeps it too (pixels unconverted, the profile in the
        // intermediate PNG); the outputs that do not keep it convert from it to sRGB as from any profiled source.
        var keepIcc = recipes.Any(r => r.Keep?.HasFlag(MetadataKeep.Icc) == true);
        var denoiseParams = new OperationParams(Resize: sizedFirst ? recipes[0].Resize : null, Strength: recipes[0].Strength,
            Keep: keepIcc ? MetadataKeep.Icc : null);
        using var denoisedPng = new MemoryStream();
        var denoised = await Find(OperationNames.Denoise).RunAsync(new OperationInput(source, sourceFormat, denoiseParams), denoisedPng, cancellationToken);
        var strength = denoised.Applied?.Strength ?? recipes[0].Strength;
        logger.LogInformation("Denoised job {JobId} once for {Outputs} output(s) at strength {Strength}", job.Id, runs.Count, strength?.Sigma);

        var intermediate = denoisedPng.ToArray();
        var results = new List<(OperationRun, OperationResultRecord)>();
        for (var i = 0; i < runs.Count; i++)
        {
            var recipe = recipes[i];
            var input = new OperationInput(intermediate, ImageFormats.Png,
                recipe with { Strength = strength, Resize = sizedFirst ? null : recipe.Resize }, MetadataSource: source);
            var result = await RunOutputAsync(job, runs[i], recipe with { Strength = strength }, input, cancellationToken);
            results.Add((runs[i], result));
        }
        return results;
    }

    private IImageOperation Find(string name) =>
        operations.Find(name) ?? throw new ImageInputException($"operation {name} is not available on this server");

    private async Task<byte[]> ReadSourceAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await blobs.OpenReadAsync(key, cancellationToken);
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken);
            return buffer.ToArray();
        }
        catch (BlobNotFoundException)
        {
            throw new ImageInputException("the uploaded source image is no longer stored");
        }
    }
}
