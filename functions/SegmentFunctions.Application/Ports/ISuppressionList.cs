namespace SegmentFunctions.Application.Ports;

/// <summary>
/// Customers erased on request (the right to erasure): their ids stay here so that replayed or late events do not
/// recreate a feature document, and snapshots and batch scores leave them out. Implementations: Cosmos DB (a container
/// of its own) and embedded SQLite. Transient faults surface as <see cref="StoreUnavailableException"/> after the
/// adapter's bounded retries.
/// </summary>
public interface ISuppressionList
{
    /// <summary>Records <paramref name="customerId"/> as suppressed; recording it again keeps the first time.</summary>
    Task AddAsync(string customerId, DateTimeOffset suppressedAt, CancellationToken cancellationToken);

    /// <summary>
    /// The ids of <paramref name="customerIds"/> that are suppressed, in one round trip however many ids are asked
    /// about (the featurizer asks once per batch).
    /// </summary>
    Task<IReadOnlySet<string>> FindSuppressedAsync(IReadOnlyCollection<string> customerIds, CancellationToken cancellationToken);
}
