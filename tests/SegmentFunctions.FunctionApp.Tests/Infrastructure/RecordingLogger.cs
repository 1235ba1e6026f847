using Microsoft.Extensions.Logging;
using System.Collections.Concurrent;

namespace SegmentFunctions.FunctionApp.Tests.Infrastructure;

/// <summary>Keeps every log entry's message and structured fields.</summary>
public sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<(LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Fields)> _entries = new();

    public IReadOnlyList<(LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Fields)> Entries => [.. _entries];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        var fields = state is IEnumerable<KeyValuePair<string, object?>> pairs
            ? pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal)
            : new Dictionary<string, object?>(StringComparer.Ordinal);
        _entries.Enqueue((logLevel, formatter(state, exception), fields));
    }
}
