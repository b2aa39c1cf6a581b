using Microsoft.Extensions.Logging;

namespace PixTools.UnitTests;

/// <summary>Keeps every log entry: level, event name and exception, and the formatted messages.</summary>
public sealed class ListLogger<T> : ILogger<T>
{
    public List<(LogLevel Level, string EventName, Exception? Exception)> Entries { get; } = [];

    public List<string> Messages { get; } = [];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (Entries)
        {
            Entries.Add((logLevel, eventId.Name ?? "", exception));
            Messages.Add(formatter(state, exception));
        }
    }
}
