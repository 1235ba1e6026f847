using System.Collections.Concurrent;
using SegmentFunctions.Application.Ingestion;

namespace SegmentFunctions.Testing;

/// <summary>
/// Stands in for the featurizer where a test is about what reaches it (decoding, batching): it records the batches it is handed and
/// reports every event as applied, or fails the way <see cref="FailWith"/> says.
/// </summary>
public sealed class RecordingEventBatchProcessor : IEventBatchProcessor
{
    private readonly ConcurrentQueue<EventBatch> _batches = new();

    public Exception? FailWith { get; set; }

    public IReadOnlyList<EventBatch> Batches => [.. _batches];

    public Task<BatchResult> ProcessAsync(EventBatch batch, CancellationToken cancellationToken)
    {
        _batches.Enqueue(batch);
        if (FailWith is { } failure)
        {
            return Task.FromException<BatchResult>(failure);
        }

        var customers = batch.Events.Select(e => e.Body).Distinct(StringComparer.Ordinal).Count();
        return Task.FromResult(new BatchResult(batch.Events.Count, batch.Events.Count, 0, 0, customers, 2 * customers));
    }

    public void Reset()
    {
        _batches.Clear();
        FailWith = null;
    }
}
