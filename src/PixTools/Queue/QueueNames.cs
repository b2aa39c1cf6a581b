using PixTools.Operations;

namespace PixTools.Queue;

/// <summary>The two work queues: conversions and metadata on <c>standard</c>, the model on <c>ml</c>.</summary>
public static class QueueNames
{
    public const string Standard = "standard";
    public const string Ml = "ml";

    public static readonly IReadOnlyList<string> All = [Standard, Ml];

    /// <summary>Denoise is slow and memory-hungry: it has its own queue so it never starves conversions.</summary>
    public static string For(string operation) => operation == OperationNames.Denoise ? Ml : Standard;

    /// <summary>The queue a message goes to: its own <see cref="WorkMessage.Queue"/>, else by its operation's name.</summary>
    public static string For(WorkMessage message) => message.Queue is Standard or Ml ? message.Queue : For(message.Operation);
}
