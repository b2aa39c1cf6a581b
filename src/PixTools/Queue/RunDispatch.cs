using PixTools.Operations;

namespace PixTools.Queue;

/// <summary>
/// Which message a job's runs need. An output that denoises shares one denoise with every output of the job at the
/// same strength: one <c>ml</c> message denoises once and then encodes each of them (the worker finds them as
/// <see cref="SharesDenoise"/>), so only the group's first run gets a message at submit. Every other run gets its
/// own message on <c>standard</c>.
/// </summary>
public static class RunDispatch
{
    /// <summary>The queue of a run with these parameters: <c>ml</c> when it denoises, else <c>standard</c>.</summary>
    public static string QueueOf(OperationParams recipe) => recipe.Strength is null ? QueueNames.Standard : QueueNames.Ml;

    /// <summary>True when both runs denoise at the same strength (the automatic one counts as one strength).</summary>
    public static bool SharesDenoise(OperationParams a, OperationParams b) =>
        a.Strength is { } first && b.Strength is { } second && first.Sigma == second.Sigma;

    /// <summary>The runs to send a message for at submit, with their queue, in the order given.</summary>
    public static IEnumerable<(string Run, string Queue)> MessagesFor(IReadOnlyList<(string Run, OperationParams Recipe)> runs)
    {
        for (var i = 0; i < runs.Count; i++)
        {
            var (run, recipe) = runs[i];
            if (recipe.Strength is not null && runs.Take(i).Any(earlier => SharesDenoise(earlier.Recipe, recipe))) continue;
            yield return (run, QueueOf(recipe));
        }
    }
}
