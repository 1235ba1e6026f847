namespace SegmentFunctions.Application.Ingestion;

/// <summary>
/// Featurizes one batch: validate (bad events to dead letter), group by customer, one concurrent round of point
/// reads, fold, one conditional write per changed customer. Throws <see cref="Ports.StoreUnavailableException"/>
/// when the store stays unavailable, so the invocation fails and the host replays the batch.
/// </summary>
public interface IEventBatchProcessor
{
    Task<BatchResult> ProcessAsync(EventBatch batch, CancellationToken cancellationToken);
}
