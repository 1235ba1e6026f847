using SegmentFunctions.Application.Ingestion;

namespace SegmentFunctions.Cli.Tests.EventHubs;

/// <summary>Passes every batch to the featurizer of the composition and records the first sequence number of each attempt.</summary>
internal sealed class CountingBatchProcessor(IEventBatchProcessor inner) : IEventBatchProcessor
{
    private readonly List<long?> _attempts = [];

    /// <summary>How often a batch starting at <paramref name="firstSequenceNumber"/> was handed to the featurizer.</summary>
    public int AttemptsAt(long firstSequenceNumber)
    {
        lock (_attempts)
        {
            return _attempts.Count(s => s == firstSequenceNumber);
        }
    }

    public Task<BatchResult> ProcessAsync(EventBatch batch, CancellationToken cancellationToken)
    {
        lock (_attempts)
        {
            _attempts.Add(batch.Events.Count > 0 ? batch.Events[0].SequenceNumber : null);
        }

        return inner.ProcessAsync(batch, cancellationToken);
    }
}
