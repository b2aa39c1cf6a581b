using System.ComponentModel.DataAnnotations;

namespace PixTools.Worker;

/// <summary>The operation workers, section <c>Worker</c>.</summary>
public sealed class WorkerOptions
{
    public const string Section = "Worker";

    /// <summary>Queues this process consumes: <c>standard</c>, <c>ml</c> or <c>standard,ml</c> (default both).</summary>
    [Required, RegularExpression("^(standard|ml)(,(standard|ml))?$", ErrorMessage = "Worker:Queues must be 'standard', 'ml' or 'standard,ml'")]
    public string Queues { get; set; } = "standard,ml";

    /// <summary>
    /// Operations of the standard queue run at once (default 0 = one per processor core but one, at least one: a core is
    /// left to the API's accepts and the database, so uploads are answered fast while the workers are saturated).
    /// </summary>
    [Range(0, 256)]
    public int Concurrency { get; set; }

    /// <summary>Denoise operations run at once (default 1: the model uses every core it is given).</summary>
    [Range(1, 64)]
    public int MlConcurrency { get; set; } = 1;

    /// <summary>Deliveries of one message before a transient failure becomes final (default 4).</summary>
    [Range(1, 100)]
    public int MaxDeliveries { get; set; } = 4;

    /// <summary>First retry delay; it doubles with each delivery (default 1 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "Worker:RetryBaseDelay must be between 0 and 1 hour")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long one delivery waits out its database, storage or broker being away (retrying with backoff) before the
    /// failure counts as one of <see cref="MaxDeliveries"/> (default 90 s): an outage shorter than this fails no job.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "Worker:DependencyRetryBudget must be between 0 and 1 hour")]
    public TimeSpan DependencyRetryBudget { get; set; } = TimeSpan.FromSeconds(90);

    public IReadOnlyList<string> QueueList => Queues.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct().ToList();

    public int StandardConcurrency => Concurrency > 0 ? Concurrency : Math.Max(1, Environment.ProcessorCount - 1);
}
