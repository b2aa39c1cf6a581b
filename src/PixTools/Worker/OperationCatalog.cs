using PixTools.Intake;
using PixTools.Operations;
using PixTools.Operations.Convert;

namespace PixTools.Worker;

/// <summary>
/// The operations this process can run, by contract name; and whether it can search an automatic quality
/// (<see cref="OutputsParser.AutoQualityCapability"/>, true when an <see cref="IAutoQuality"/> is registered).
/// </summary>
public sealed class OperationCatalog(IEnumerable<IImageOperation> operations, IEnumerable<IAutoQuality> autoQuality)
{
    private readonly Dictionary<string, IImageOperation> byName = operations.ToDictionary(o => o.Name);
    private readonly bool hasAutoQuality = autoQuality.Any();

    public IImageOperation? Find(string name) => byName.GetValueOrDefault(name);

    public bool Supports(string name) => name == OutputsParser.AutoQualityCapability ? hasAutoQuality : byName.ContainsKey(name);
}
