using PixTools.Operations;

namespace PixTools.Intake;

/// <summary>The validated operations of a job, each at most once, with their parameters.</summary>
public sealed record OperationPlan(IReadOnlyList<PlannedOperation> Operations)
{
    public IEnumerable<string> Names => Operations.Select(o => o.Name);
}

/// <summary>One validated operation and its parameters.</summary>
public sealed record PlannedOperation(string Name, OperationParams Params);
