using System.Runtime.CompilerServices;
using SegmentFunctions.Domain.Features;

namespace SegmentFunctions.Application.Snapshots;

/// <summary>
/// A snapshot's documents for a step that reads each once and keeps only what its result needs (readiness counts, the
/// churn labels of sampled or held-out customers, purchase histories): shard after shard, one row group at a time, its
/// documents decoded in parallel. No table of the snapshot is built, so memory holds one row group's documents whatever
/// the number of customers.
/// </summary>
public sealed class SnapshotDocuments(FeatureSnapshotReader reader)
{
    /// <exception cref="SnapshotNotFoundException">No manifest: the snapshot does not exist or is incomplete.</exception>
    /// <exception cref="SnapshotCorruptException">The content does not match the manifest or cannot be decoded.</exception>
    public Task<SnapshotManifest> ReadManifestAsync(string snapshotId, CancellationToken cancellationToken) =>
        reader.ReadManifestAsync(snapshotId, cancellationToken);

    /// <summary>Every document of the snapshot, a row group's worth at a time, in snapshot order.</summary>
    /// <exception cref="SnapshotNotFoundException">No manifest: the snapshot does not exist or is incomplete.</exception>
    /// <exception cref="SnapshotCorruptException">The content does not match the manifest or cannot be decoded.</exception>
    public IAsyncEnumerable<CustomerFeatures[]> ReadAsync(string snapshotId, CancellationToken cancellationToken) =>
        ReadAsync(snapshotId, include: null, cancellationToken);

    /// <summary>
    /// The documents of the customers <paramref name="include"/> takes (every one when null), a row group's worth at a
    /// time: the others are skipped by their id without decoding, which is most of the cost of a read.
    /// </summary>
    /// <exception cref="SnapshotNotFoundException">No manifest: the snapshot does not exist or is incomplete.</exception>
    /// <exception cref="SnapshotCorruptException">The content does not match the manifest or cannot be decoded.</exception>
    public async IAsyncEnumerable<CustomerFeatures[]> ReadAsync(
        string snapshotId, Func<string, bool>? include, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var group in reader.ReadRowGroupsAsync(snapshotId, cancellationToken))
        {
            var rows = include is null
                ? Enumerable.Range(0, group.Count).ToArray()
                : [.. Enumerable.Range(0, group.Count).Where(i => group.CustomerIdOf(i) is { } id && include(id))];
            var documents = new CustomerFeatures[rows.Length];
            Parallel.For(0, rows.Length, new ParallelOptions { CancellationToken = cancellationToken }, k => documents[k] = group.Decode(rows[k]));
            yield return documents;
        }
    }
}
