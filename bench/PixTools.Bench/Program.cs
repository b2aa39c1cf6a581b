// PixTools.Bench: numbers, not CI. `engines` races PixTools' ConvertOperation against sharp and ImageMagick,
// `pipeline` measures what a job costs beyond its operation, `memory` watches a worker's RSS over many jobs,
// `efforts` times AVIF encoder efforts, `denoise` times the denoise model against the old DnCNN architecture and
// prints PSNR on held-out photos, `cli` times the pixtools CLI against the server alone and a curl loop. bench/run.sh installs sharp and ImageMagick and runs all of them;
// bench/README.md says what every number means.
using PixTools.Bench;

var command = args.Length > 0 ? args[0] : "help";
var options = BenchArgs.Parse(args.Skip(1));
return command switch
{
    "engines" => await EnginesCommand.RunAsync(options),
    "pipeline" => await PipelineCommand.RunAsync(options),
    "memory" => await MemoryCommand.RunAsync(options),
    "efforts" => await EffortsCommand.RunAsync(options),
    "avif-match" => await AvifMatchCommand.RunAsync(options),
    "throughput" => await ThroughputCommand.RunAsync(options),
    "denoise" => await DenoiseCommand.RunAsync(options),
    "cli" => await CliCommand.RunAsync(options),
    "auto-quality" => await AutoQualityCommand.RunAsync(options),
    "encoders" => await EncodersCommand.RunAsync(options),
    "load" => await LoadCommand.RunAsync(options),
    "chaos" => await ChaosCommand.RunAsync(options),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: dotnet run -c Release --project bench/PixTools.Bench -- COMMAND [options]
          engines  [--photos DIR]... [--runs N] [--avif-runs N] [--ops jpg,webp,png,avif,webp-full] [--skip-slow-avif] [--csv FILE] [--magick-cpus 0]
          pipeline [--jobs N] [--poll-ms 2] [--photo FILE] [--data-root DIR] [--server-dll FILE]
          memory   [--jobs 2000] [--every 250] [--ops webp,jpg] [--photo FILE] [--in-flight 2] [--data-root DIR]
          efforts  [--photos DIR]...
          avif-match [--photos DIR]... [--quality 50] [--efforts 3] [--tunes ssim,iq] [--width 1920] [--runs 3] [--magick-cpus 0]
          throughput [--profiles distributed,embedded] [--workers 1,2] [--jobs 200] [--clients 32] [--rounds 10] [--services-env FILE] [--photo FILE]
          load     [--profiles embedded,distributed] [--scenarios steady,spike,mix,accept,burst,storm] [--seconds 30] [--workers 2]
                   [--burst-jobs 3000] [--drain-s 600] [--settle-s 60] [--warm-jobs 4] [--set PIXTOOLS_KEY=value]... [--services-env FILE]
          chaos    [--jobs 200] [--kill-every-s 10] [--outage-s 30,20,20] [--steps kill,rabbitmq,postgres,s3,scaling] [--control FILE] [--services-env FILE]
          denoise  [--model FILE] [--baseline FILE] [--sizes 512x512,1024x768,2048x1536] [--baseline-sizes 512x512,1024x768]
                   [--runs 3] [--threads N] [--tile 1024] [--spinning] [--held-out DIR] [--held-out-names a.png,b.jpg]
                   [--short-side 512] [--skip-speed] [--skip-psnr]
          cli      [--files 200] [--rounds 1] [--format webp] [--concurrency 8] [--photos DIR] [--cli-dll FILE]
          auto-quality [--photos DIR]... [--debian] [--width 1920] [--formats jpg,webp,avif] [--levels good] [--runs 1] [--avif-limit N] [--limit N] [--verbose] [--curve] [--no-chroma] [--oracle SCORE]
          encoders [--photos DIR]... [--debian] [--width 1920] [--runs 3] [--limit N] [--only png|jpg] [--png-grid [--levels 1-9] [--filters none,sub,up,paeth,all] [--per-photo]]
        """);
    return 2;
}
