using System.Diagnostics.CodeAnalysis;

namespace PixTools.Intake;

/// <summary>The outcome of <see cref="OperationPlanParser.Parse"/>: a validated plan, or the problem that refused it.</summary>
public sealed record OperationPlanParseResult
{
    private OperationPlanParseResult(OperationPlan? plan, IntakeProblem? problem)
    {
        Plan = plan;
        Problem = problem;
    }

    /// <summary>The validated plan; set exactly when <see cref="Problem"/> is null.</summary>
    public OperationPlan? Plan { get; }

    /// <summary>Why the operations or their parameters were refused (a 422); null when valid.</summary>
    public IntakeProblem? Problem { get; }

    [MemberNotNullWhen(true, nameof(Plan))]
    [MemberNotNullWhen(false, nameof(Problem))]
    public bool IsValid => Plan is not null;

    public static OperationPlanParseResult Valid(OperationPlan plan) => new(plan, null);

    public static OperationPlanParseResult Invalid(IntakeProblem problem) => new(null, problem);
}
