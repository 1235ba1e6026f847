using System.Collections.Concurrent;
using SegmentFunctions.Application.Ingestion;

namespace SegmentFunctions.Cli.Tests.Infrastructure;

/// <summary>Stands in for the featurizer where a test is about how the CLI cuts a file into batches.</summary>
internal sealed class RecordingEventBatchProcessor : IEventBatchProcessor
{
    private readonly ConcurrentQueue<EventBatch> _batches = new();

    public Exception? FailWith { get; init; }

    public IReadOnlyList<EventBatch> Batches => [.. _batches];

    public Task<BatchResult> ProcessAsync(EventBatch batch, CancellationToken cancellationToken)
    {
        _batches.Enqueue(batch);
        return FailWith is { } failure
            ? Task.FromException<BatchResult>(failure)
            : Task.FromResult(new BatchResult(batch.Events.Count, batch.Events.Count, 0, 0, 1, 2));
    }
}
