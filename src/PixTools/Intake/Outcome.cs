using System.Diagnostics.CodeAnalysis;

namespace PixTools.Intake;

/// <summary>A value, or the <see cref="Intake.Problem"/> that stopped it; a value or a problem converts to it implicitly.</summary>
public sealed class Outcome<T> where T : class
{
    private Outcome(T? value, Problem? problem)
    {
        Value = value;
        Problem = problem;
    }

    /// <summary>The result; set exactly when <see cref="Problem"/> is null.</summary>
    public T? Value { get; }

    /// <summary>Why there is no value; null on success.</summary>
    public Problem? Problem { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Problem))]
    public bool Succeeded => Problem is null;

    public static implicit operator Outcome<T>(T value) => new(value ?? throw new ArgumentNullException(nameof(value)), null);

    public static implicit operator Outcome<T>(Problem problem) => new(null, problem ?? throw new ArgumentNullException(nameof(problem)));
}
