namespace PixTools.Operations.Denoise;

/// <summary>
/// When a process whose workers consume <c>ml</c> makes its ONNX Runtime sessions (<c>Denoise:Load</c>). Loaded,
/// ONNX Runtime and the model hold about 27 MiB of the process for as long as it runs.
/// </summary>
public enum DenoiseModelLoad
{
    /// <summary>
    /// <see cref="AtStart"/> in a process that only denoises (a worker of <c>ml</c> alone); <see cref="OnFirstUse"/>
    /// in one that also converts (the embedded default), where that memory is better left to conversions until a
    /// denoise job comes.
    /// </summary>
    Auto,

    /// <summary>Loaded and checked at start: a missing or broken model file stops the start.</summary>
    AtStart,

    /// <summary>
    /// At start only the files' presence is checked (a missing one stops the start); the sessions are made by the first
    /// denoise job, which waits for them once. A file that is there but cannot be loaded fails that job, with the
    /// cause in the log.
    /// </summary>
    OnFirstUse,
}
