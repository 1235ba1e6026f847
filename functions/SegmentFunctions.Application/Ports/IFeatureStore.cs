using SegmentFunctions.Domain.Features;

namespace SegmentFunctions.Application.Ports;

/// <summary>
/// Feature documents, one per customer, read and written by point operations with optimistic concurrency.
/// Implementations: Cosmos DB (partition key /customerId) and embedded SQLite. Transient faults are retried inside the
/// adapter a bounded number of times and then surface as <see cref="StoreUnavailableException"/>.
/// </summary>
public interface IFeatureStore
{
    /// <summary>Point read; null when the customer has no document.</summary>
    Task<StoredFeatures?> ReadAsync(string customerId, CancellationToken cancellationToken);

    /// <summary>
    /// Point read for scoring: the document without its ETag and with its processing state left out (SQLite reads only
    /// the column without it, Cosmos DB skips it with <see cref="Domain.Serialization.ServingFeaturesDecoder"/>), so it
    /// costs a fraction of <see cref="ReadAsync"/>; null when the customer has no document. Never write the result
    /// back. The default reads the whole document.
    /// </summary>
    async ValueTask<CustomerFeatures?> ReadFeaturesAsync(string customerId, CancellationToken cancellationToken) =>
        (await ReadAsync(customerId, cancellationToken).ConfigureAwait(false))?.Features;

    /// <summary>
    /// Conditional write: with <paramref name="ifMatchETag"/> null the document must not exist yet, otherwise its
    /// current ETag must equal it. Returns <see cref="FeatureWriteResult.Conflict"/> when the condition fails.
    /// </summary>
    Task<FeatureWriteResult> WriteAsync(CustomerFeatures features, string? ifMatchETag, CancellationToken cancellationToken);

    /// <summary>Deletes the document; false when there was none.</summary>
    Task<bool> DeleteAsync(string customerId, CancellationToken cancellationToken);

    /// <summary>Streams every document (read feed / table scan) in no particular order, in constant memory.</summary>
    IAsyncEnumerable<CustomerFeatures> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Splits the documents into at most <paramref name="count"/> disjoint ranges that together hold every document,
    /// each an opaque token that <see cref="ReadRangeAsync"/> streams on its own, so that separate readers (one
    /// activity each) can share a scan: key ranges of the embedded store, feed ranges of Cosmos DB. The default is
    /// one range, <see cref="WholeStore"/>.
    /// </summary>
    Task<IReadOnlyList<string>> SplitAsync(int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return Task.FromResult<IReadOnlyList<string>>([WholeStore]);
    }

    /// <summary>Streams the documents of one range of <see cref="SplitAsync"/>, in constant memory.</summary>
    /// <exception cref="ArgumentException">The token is not a range of this store.</exception>
    IAsyncEnumerable<CustomerFeatures> ReadRangeAsync(string range, CancellationToken cancellationToken) =>
        range == WholeStore ? ReadAllAsync(cancellationToken) : throw new ArgumentException($"'{range}' is not a range of this feature store.", nameof(range));

    /// <summary>The range of every document, read by <see cref="ReadAllAsync"/>.</summary>
    const string WholeStore = "all";
}
