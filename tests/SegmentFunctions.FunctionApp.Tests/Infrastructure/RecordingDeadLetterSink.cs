using System.Collections.Concurrent;
using SegmentFunctions.Application.Ports;

namespace SegmentFunctions.FunctionApp.Tests.Infrastructure;

/// <summary>Keeps the letters FeaturizeEvents itself dead-letters (malformed invocations).</summary>
public sealed class RecordingDeadLetterSink : IDeadLetterSink
{
    private readonly ConcurrentQueue<DeadLetter> _letters = new();

    public Exception? FailWith { get; set; }

    public IReadOnlyList<DeadLetter> Letters => [.. _letters];

    public Task WriteAsync(IReadOnlyList<DeadLetter> letters, CancellationToken cancellationToken)
    {
        if (FailWith is { } failure)
        {
            return Task.FromException(failure);
        }

        foreach (var letter in letters)
        {
            _letters.Enqueue(letter);
        }

        return Task.CompletedTask;
    }

    public void Reset()
    {
        _letters.Clear();
        FailWith = null;
    }
}
