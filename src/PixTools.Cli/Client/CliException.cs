namespace PixTools.Cli.Client;

/// <summary>A failure with a sentence a person can read; <see cref="Fatal"/> ones (server unreachable, key refused) end the run.</summary>
public sealed class CliException(string message, bool fatal = false) : Exception(message)
{
    public bool Fatal { get; } = fatal;
}
