using PixTools.Operations;

namespace PixTools.Worker;

/// <summary>The operations this process can run, by contract name.</summary>
public sealed class OperationCatalog(IEnumerable<IImageOperation> operations)
{
    private readonly Dictionary<string, IImageOperation> byName = operations.ToDictionary(o => o.Name);

    public IImageOperation? Find(string name) => byName.GetValueOrDefault(name);

    public bool Supports(string name) => byName.ContainsKey(name);
}
