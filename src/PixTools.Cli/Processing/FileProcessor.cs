using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using PixTools.Cli.Client;
using PixTools.Cli.Files;
using PixTools.Cli.Output;
using PixTools.Cli.Requests;

namespace PixTools.Cli.Processing;

/// <summary>
/// One source from start to end: read and hash it, skip it when the state file says it is done, submit it with an
/// Idempotency-Key made of its bytes and request (so a retry, or a re-run after a crash, finds the same job), wait
/// for the job, download every output into the mirrored tree and record it as done. A file over the server's
/// upload limit (GET /api/capabilities, asked once) fails without being read or sent.
/// </summary>
public sealed class FileProcessor(PixToolsClient client, ConversionOptions options, OutputLayout layout, StateFile state)
{
    private Lazy<Task<long?>> maxUploadBytes = new(() => client.MaxUploadBytesAsync(CancellationToken.None));

    public async Task<FileOutcome> ProcessAsync(SourceFile source, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        long bytesIn = 0;
        Guid? jobId = null;
        try
        {
            var length = new FileInfo(source.FullPath).Length;
            if (await MaxUploadBytesAsync() is { } max && length > max)
            {
                return Failed(source, length, null, $"the file is {Sizes.Human(length)}, larger than the server's limit of {Sizes.Human(max)} for one file; it was not sent", clock);
            }
            var bytes = await File.ReadAllBytesAsync(source.FullPath, cancellationToken);
            bytesIn = bytes.LongLength;
            var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
            var format = ImageSniffer.Sniff(bytes);
            var plan = RequestMapper.Map(options, format);
            if (plan.Outputs.Count == 0)
            {
                return new FileOutcome(source, OutcomeKind.Skipped, bytesIn, [], null,
                    $"already {string.Join(" and ", plan.NotMade)}; nothing to convert", clock.Elapsed);
            }
            if (state.Done(source.RelativePath, sha256, plan.Signature, layout) is { } done)
            {
                return new FileOutcome(source, OutcomeKind.Skipped, bytesIn, done.Outputs, done.JobId, "done in an earlier run", clock.Elapsed);
            }

            jobId = await SubmitAsync(source, bytes, format, sha256, plan, cancellationToken);
            var job = await client.WaitAsync(jobId.Value, cancellationToken);
            if (!job.Succeeded)
            {
                return Failed(source, bytesIn, jobId, job.ErrorMessage ?? "the server could not process it", clock);
            }
            var outputs = new List<OutputFile>();
            foreach (var output in plan.Outputs)
            {
                var url = job.UrlOf(output.ResultKey, output.InResults)
                    ?? throw new CliException(job.ErrorOf(output.ResultKey) ?? $"the server made no {output.ResultKey} result");
                var extension = output.InResults ? ExtensionOf(job.FormatOf(output.ResultKey), format, output.Extension) : output.Extension;
                var relative = layout.RelativeOutput(source, output.Suffix is null ? extension : $"{output.Suffix}.{extension}");
                var size = await client.DownloadAsync(url, layout.FullPath(relative), cancellationToken);
                outputs.Add(new OutputFile(relative, extension, size));
            }
            // Every output is written: the file is done, and is recorded (and counted) even when Ctrl-C comes now.
            await state.RecordAsync(source.RelativePath, new StateEntry(sha256, plan.Signature, jobId.Value, bytesIn, outputs, DateTimeOffset.UtcNow), CancellationToken.None);
            return new FileOutcome(source, OutcomeKind.Done, bytesIn, outputs, jobId, plan.NotMade.Count > 0 ? $"not converted to {string.Join(", ", plan.NotMade)} (already that format)" : null, clock.Elapsed);
        }
        catch (CliException e) when (!e.Fatal)
        {
            return Failed(source, bytesIn, jobId, e.Message, clock);
        }
        catch (IOException e)
        {
            return Failed(source, bytesIn, jobId, $"the file could not be read or written: {e.Message}", clock);
        }
        catch (UnauthorizedAccessException e)
        {
            return Failed(source, bytesIn, jobId, $"no permission: {e.Message}", clock);
        }
    }

    private async Task<Guid> SubmitAsync(SourceFile source, byte[] bytes, string? format, string sha256, SubmitPlan plan, CancellationToken cancellationToken)
    {
        try
        {
            return await client.SubmitAsync(bytes, Path.GetFileName(source.FullPath), ImageSniffer.ContentType(format, source.FullPath),
                plan, IdempotencyKey(sha256, plan), cancellationToken);
        }
        catch (CliException e) when (!e.Fatal && plan.Outputs.Any(o => o.InResults) && e.Message.EndsWith("operations is required", StringComparison.Ordinal))
        {
            // A server older than the outputs field ignores it and misses the operations field.
            throw new CliException("This server cannot do --quality auto, --denoise together with --to, or a new size or quality for a file already in a --to format, yet (it does not take the outputs field); use a number for --quality, --denoise and --to in two runs, or leave such files out.");
        }
    }

    /// <summary>The server's per-file limit, asked once for all files; asked again next time when the asking failed (watch runs long).</summary>
    private async Task<long?> MaxUploadBytesAsync()
    {
        var lookup = maxUploadBytes;
        try
        {
            return await lookup.Value;
        }
        catch (CliException)
        {
            Interlocked.CompareExchange(ref maxUploadBytes, new(() => client.MaxUploadBytesAsync(CancellationToken.None)), lookup);
            throw;
        }
    }

    /// <summary>The same bytes sent with the same request always carry the same key (64 hex digits, well under the 255 allowed).</summary>
    public static string IdempotencyKey(string sha256, SubmitPlan plan) =>
        "pixtools-cli-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sha256 + "\n" + plan.Signature)));

    private static string ExtensionOf(string? madeFormat, string? sourceFormat, string planned) =>
        madeFormat is null ? (planned == "same" ? sourceFormat ?? planned : planned) : madeFormat == "same" ? sourceFormat ?? planned : madeFormat is "jpeg" ? "jpg" : madeFormat;

    private static FileOutcome Failed(SourceFile source, long bytesIn, Guid? jobId, string reason, Stopwatch clock) =>
        new(source, OutcomeKind.Failed, bytesIn, [], jobId, reason, clock.Elapsed);
}
