using Microsoft.Extensions.Logging.Abstractions;
using PixTools.Queue;

namespace PixTools.IntegrationTests.Contracts;

/// <summary>The embedded default's queue against the work queue contract.</summary>
public sealed class InProcessWorkQueueTests : WorkQueueContract
{
    protected override IWorkQueue Queue { get; } = new InProcessWorkQueue(NullLogger<InProcessWorkQueue>.Instance, TimeProvider.System);
}
