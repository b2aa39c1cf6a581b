using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using PixTools.Observability;

namespace PixTools.Operations.Denoise;

/// <summary>
/// The ONNX Runtime sessions of this process for the denoise models (docs/denoise.md, the contract with their
/// trainer, tools/denoise): the denoiser, input <c>image</c> float32 [1,3,H,W] in [0,1] with even H and W, optional
/// input <c>sigma</c> [1,1,1,1] = level/255, output <c>denoised</c> [1,3,H,W], not clamped; and the level estimator
/// behind <c>strength=auto</c>, input <c>image</c>, output <c>level</c> [1,1,1,1] = level/255. The sessions are made
/// on first use or by <see cref="EnsureLoaded"/> at start (workers consuming <c>ml</c>), and freed with the container.
/// </summary>
public sealed class DenoiseModel : IDisposable
{
    public const string ImageInput = "image";
    public const string SigmaInput = "sigma";
    public const string Output = "denoised";
    public const string LevelOutput = "level";

    private readonly string _path;
    private readonly string _levelPath;
    private readonly DenoiseOptions _options;
    private readonly ILogger _logger;
    private readonly Lazy<Loaded> _loaded;

    /// <summary>The model of <paramref name="options"/>' <see cref="DenoiseOptions.ModelPath"/>; nothing is read until first use.</summary>
    public DenoiseModel(DenoiseOptions options, ILogger logger)
    {
        _options = options;
        _path = ResolvePath(options.ModelPath);
        _levelPath = ResolvePath(options.LevelModelPath);
        _logger = logger;
        _loaded = new Lazy<Loaded>(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The model file's full path.</summary>
    public string Path => _path;

    /// <summary>The level estimator's full path.</summary>
    public string LevelPath => _levelPath;

    /// <summary>True when the model has the <c>sigma</c> input (FFDNet-style); a plain DnCNN has only <c>image</c>.</summary>
    public bool TakesSigma => _loaded.Value.TakesSigma;

    /// <summary>The model's <c>pixtools.arch</c> metadata, e.g. <c>ffdnet-12x64</c>, or <c>unknown</c>.</summary>
    public string Architecture => _loaded.Value.Architecture;

    /// <summary>The model's metadata_props (<c>pixtools.arch</c>, <c>pixtools.train_steps</c>, <c>pixtools.trained_on</c>).</summary>
    public IReadOnlyDictionary<string, string> Metadata => _loaded.Value.Metadata;

    /// <summary>Creates the session now; a missing or unusable file throws <see cref="InvalidOperationException"/> naming it.</summary>
    public void EnsureLoaded() => _ = _loaded.Value;

    /// <summary>True once the sessions are made.</summary>
    public bool IsLoaded => _loaded.IsValueCreated;

    /// <summary>
    /// Checks that both model files exist without loading them (<see cref="DenoiseModelLoad.OnFirstUse"/>); a missing
    /// one throws <see cref="InvalidOperationException"/> naming its setting and path, as a load would.
    /// </summary>
    public void CheckFilesExist()
    {
        ThrowIfMissing(_path, "Denoise:ModelPath", "denoise model");
        ThrowIfMissing(_levelPath, "Denoise:LevelModelPath", "denoise level model");
    }

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

    /// <summary>
    /// The level estimator on one planar RGB crop (3·<paramref name="height"/>·<paramref name="width"/> values in
    /// [0,1], even sides): the noise level present, on the 0-255 scale. Safe to call from several threads at once.
    /// </summary>
    public double RunLevel(Memory<float> input, int height, int width)
    {
        if (height % 2 != 0 || width % 2 != 0) throw new ArgumentException($"the level model needs even sides, got {width}x{height}");
        var loaded = _loaded.Value;
        using var image = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input[..(3 * height * width)], [1, 3, height, width]);
        var level = new float[1];
        using var output = OrtValue.CreateTensorValueFromMemory(level, [1, 1, 1, 1]);
        using var runOptions = new RunOptions();
        loaded.LevelSession.Run(runOptions, [ImageInput], [image], [LevelOutput], [output]);
        return level[0] * 255.0;
    }

    public void Dispose()
    {
        if (!_loaded.IsValueCreated) return;
        _loaded.Value.Session.Dispose();
        _loaded.Value.LevelSession.Dispose();
    }

    private static string ResolvePath(string configured) =>
        System.IO.Path.GetFullPath(System.IO.Path.IsPathRooted(configured) ? configured : System.IO.Path.Combine(AppContext.BaseDirectory, configured));

    private Loaded Load()
    {
        var watch = Stopwatch.StartNew();
        var session = Open(_path, "Denoise:ModelPath", "denoise model");
        InferenceSession level;
        try
        {
            level = Open(_levelPath, "Denoise:LevelModelPath", "denoise level model");
            CheckLevel(level);
        }
        catch
        {
            session.Dispose();
            throw;
        }

        try
        {
            var loaded = Check(session, level);
            _logger.DenoiseModelLoaded(_path, loaded.Architecture, _options.Threads, watch.ElapsedMilliseconds);
            return loaded;
        }
        catch
        {
            session.Dispose();
            level.Dispose();
            throw;
        }
    }

    private static void ThrowIfMissing(string path, string setting, string what)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{setting}: the {what} file '{path}' does not exist");
        }
    }

    private InferenceSession Open(string path, string setting, string what)
    {
        ThrowIfMissing(path, setting, what);
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
            return new InferenceSession(path, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidOperationException($"{setting}: '{path}' is not a loadable ONNX model: {e.Message}", e);
        }
    }

    private void CheckLevel(InferenceSession level)
    {
        if (level.InputMetadata.Count == 1 && level.InputMetadata.TryGetValue(ImageInput, out var image) && image.Dimensions.Length == 4
            && level.OutputMetadata.TryGetValue(LevelOutput, out var output) && output.ElementType == typeof(float))
        {
            return;
        }
        level.Dispose();
        throw new InvalidOperationException($"Denoise:LevelModelPath: '{_levelPath}' is not a denoise level model: it needs one float32 input '{ImageInput}' [1,3,H,W] and a float32 output '{LevelOutput}'");
    }

    // The contract's names and ranks, checked once at load so a wrong file fails the start, not the first job.
    private Loaded Check(InferenceSession session, InferenceSession level)
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
        return new Loaded(session, level, inputNames, takesSigma, architecture, metadata);
    }

    private sealed record Loaded(InferenceSession Session, InferenceSession LevelSession, string[] InputNames, bool TakesSigma, string Architecture, IReadOnlyDictionary<string, string> Metadata);
}
