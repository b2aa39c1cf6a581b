using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using PixTools.Observability;

namespace PixTools.Operations.Denoise;

/// <summary>
/// The one ONNX Runtime session of this process for the denoise model (the contract
/// with its trainer, tools/denoise, which exports it): input <c>image</c> float32 [1,3,H,W] in [0,1] with even H and W, optional input
/// <c>sigma</c> [1,1,1,1] = σ/255, output <c>denoised</c> [1,3,H,W], not clamped. The session is made on first use
/// or by <see cref="EnsureLoaded"/> at start (workers consuming <c>ml</c>), and freed with the container.
/// </summary>
public sealed class DenoiseModel : IDisposable
{
    public const string ImageInput = "image";
    public const string SigmaInput = "sigma";
    public const string Output = "denoised";

    private readonly string _path;
    private readonly DenoiseOptions _options;
    private readonly ILogger _logger;
    private readonly Lazy<Loaded> _loaded;

    /// <summary>The model of <paramref name="options"/>' <see cref="DenoiseOptions.ModelPath"/>; nothing is read until first use.</summary>
    public DenoiseModel(DenoiseOptions options, ILogger logger)
    {
        _options = options;
        _path = ResolvePath(options.ModelPath);
        _logger = logger;
        _loaded = new Lazy<Loaded>(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The model file's full path.</summary>
    public string Path => _path;

    /// <summary>True when the model has the <c>sigma</c> input (FFDNet-style); a plain DnCNN has only <c>image</c>.</summary>
    public bool TakesSigma => _loaded.Value.TakesSigma;

    /// <summary>The model's <c>pixtools.arch</c> metadata, e.g. <c>ffdnet-12x64</c>, or <c>unknown</c>.</summary>
    public string Architecture => _loaded.Value.Architecture;

    /// <summary>The model's metadata_props (<c>pixtools.arch</c>, <c>pixtools.train_steps</c>, <c>pixtools.trained_on</c>).</summary>
    public IReadOnlyDictionary<string, string> Metadata => _loaded.Value.Metadata;

    /// <summary>Creates the session now; a missing or unusable file throws <see cref="InvalidOperationException"/> naming it.</summary>
    public void EnsureLoaded() => _ = _loaded.Value;

    /// <summary>
    /// Runs the model on one planar RGB tile: <paramref name="input"/> holds 3·<paramref name="height"/>·<paramref name="width"/>
    /// values in [0,1], <paramref name="output"/> receives as many. <paramref name="sigma"/> is on the 0-255 scale.
    /// Returns the time spent inside ONNX Runtime. Safe to call from several threads at once.
    /// </summary>
    public TimeSpan Run(Memory<float> input, Memory<float> output, int height, int width, double sigma)
    {
        if (height % 2 != 0 || width % 2 != 0) throw new ArgumentException($"the model needs even sides, got {width}x{height}");
        var loaded = _loaded.Value;
        long[] shape = [1, 3, height, width];
        var values = 3 * height * width;
        using var image = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input[..values], shape);
        using var denoised = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, output[..values], shape);
        using var sigmaValue = loaded.TakesSigma
            ? OrtValue.CreateTensorValueFromMemory(new[] { (float)(sigma / 255.0) }, [1, 1, 1, 1])
            : null;
        IReadOnlyCollection<OrtValue> inputs = sigmaValue is null ? [image] : [image, sigmaValue];
        var watch = Stopwatch.StartNew();
        using var runOptions = new RunOptions();
        loaded.Session.Run(runOptions, loaded.InputNames, inputs, [Output], [denoised]);
        return watch.Elapsed;
    }

    public void Dispose()
    {
        if (_loaded.IsValueCreated) _loaded.Value.Session.Dispose();
    }

    private static string ResolvePath(string configured) =>
        System.IO.Path.GetFullPath(System.IO.Path.IsPathRooted(configured) ? configured : System.IO.Path.Combine(AppContext.BaseDirectory, configured));

    private Loaded Load()
    {
        if (!File.Exists(_path))
        {
            throw new InvalidOperationException($"Denoise:ModelPath: the denoise model file '{_path}' does not exist");
        }
        var watch = Stopwatch.StartNew();
        InferenceSession session;
        try
        {
            using var options = new Microsoft.ML.OnnxRuntime.SessionOptions
            {
                IntraOpNumThreads = _options.Threads,
                InterOpNumThreads = 1,
                ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
                GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            };
            // ONNX Runtime's threads spin between operators by default: a little faster on an idle machine, but the
            // spinning takes the cores from conversions and other processes on a shared one (Denoise:AllowSpinning).
            options.AddSessionConfigEntry("session.intra_op.allow_spinning", _options.AllowSpinning ? "1" : "0");
            session = new InferenceSession(_path, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidOperationException($"Denoise:ModelPath: '{_path}' is not a loadable ONNX model: {e.Message}", e);
        }

        try
        {
            var loaded = Check(session);
            _logger.DenoiseModelLoaded(_path, loaded.Architecture, _options.Threads, watch.ElapsedMilliseconds);
            return loaded;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    // The contract's names and ranks, checked once at load so a wrong file fails the start, not the first job.
    private Loaded Check(InferenceSession session)
    {
        var problems = new List<string>();
        if (!session.InputMetadata.TryGetValue(ImageInput, out var image) || image.Dimensions.Length != 4 || image.ElementType != typeof(float))
        {
            problems.Add($"needs a float32 input '{ImageInput}' [1,3,H,W]");
        }
        if (!session.OutputMetadata.TryGetValue(Output, out var output) || output.Dimensions.Length != 4 || output.ElementType != typeof(float))
        {
            problems.Add($"needs a float32 output '{Output}' [1,3,H,W]");
        }
        var extra = session.InputMetadata.Keys.Except([ImageInput, SigmaInput]).ToList();
        if (extra.Count > 0) problems.Add($"has unexpected inputs {string.Join(", ", extra)}");
        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"Denoise:ModelPath: '{_path}' is not a denoise model of the expected shape: it {string.Join("; it ", problems)}");
        }

        var takesSigma = session.InputMetadata.ContainsKey(SigmaInput);
        var metadata = new Dictionary<string, string>(session.ModelMetadata.CustomMetadataMap);
        var architecture = metadata.GetValueOrDefault("pixtools.arch", "unknown");
        string[] inputNames = takesSigma ? [ImageInput, SigmaInput] : [ImageInput];
        return new Loaded(session, inputNames, takesSigma, architecture, metadata);
    }

    private sealed record Loaded(InferenceSession Session, string[] InputNames, bool TakesSigma, string Architecture, IReadOnlyDictionary<string, string> Metadata);
}
