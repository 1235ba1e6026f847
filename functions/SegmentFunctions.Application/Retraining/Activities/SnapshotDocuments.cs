using SegmentFunctions.Application.Snapshots;
using SegmentFunctions.Domain.Features;

namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>
/// A snapshot as a synchronous stream of documents for the domain's table builders, which take an
/// <see cref="IEnumerable{T}"/>: one Parquet row group is in memory at a time and no document is kept, so a fit
/// holds its training table, not a million documents with their de-duplication keys. Each enumeration reads the
/// snapshot again.
/// </summary>
public sealed class SnapshotDocuments(FeatureSnapshotReader reader)
{
    public IEnumerable<CustomerFeatures> Read(string snapshotId, CancellationToken cancellationToken) =>
        reader.ReadAsync(snapshotId, cancellationToken).ToBlockingEnumerable(cancellationToken);
}
