namespace SegmentFunctions.Application.Ingestion;

/// <summary>What one batch did.</summary>
/// <param name="Received">Events in the batch.</param>
/// <param name="Applied">Events folded into feature documents.</param>
/// <param name="Duplicates">Events skipped as already applied (replay watermark or recent event id).</param>
/// <param name="DeadLettered">Events rejected by validation and written to the dead-letter sink.</param>
/// <param name="CustomersWritten">Feature documents written.</param>
/// <param name="StoreRoundTrips">Reads plus writes against the feature store, including conflict retries.</param>
/// <param name="Suppressed">Events of erased (suppressed) customers, skipped without a store read or a dead letter.</param>
/// <param name="TooOldToCheck">
/// Applied events (counted in <paramref name="Applied"/>) older than their customer's de-duplication horizon, which
/// could not be checked against earlier deliveries by event id or order.
/// </param>
public sealed record BatchResult(
    int Received, int Applied, int Duplicates, int DeadLettered, int CustomersWritten, int StoreRoundTrips, int Suppressed = 0, int TooOldToCheck = 0)
{
    /// <summary>The two results together (an ingest run's totals).</summary>
    public BatchResult Add(BatchResult other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new BatchResult(
            Received + other.Received,
            Applied + other.Applied,
            Duplicates + other.Duplicates,
            DeadLettered + other.DeadLettered,
            CustomersWritten + other.CustomersWritten,
            StoreRoundTrips + other.StoreRoundTrips,
            Suppressed + other.Suppressed,
            TooOldToCheck + other.TooOldToCheck);
    }
}
