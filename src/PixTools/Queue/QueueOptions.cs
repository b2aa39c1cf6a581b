using System.ComponentModel.DataAnnotations;

namespace PixTools.Queue;

/// <summary>The work queue, section <c>Queue</c>.</summary>
public sealed class QueueOptions
{
    public const string Section = "Queue";

    /// <summary><c>inprocess</c> (the embedded default: a channel inside this process, so it needs Role <c>all</c>).</summary>
    [Required, RegularExpression("^(inprocess)$", ErrorMessage = "Queue:Provider must be 'inprocess'")]
    public string Provider { get; set; } = "inprocess";
}
