using Microsoft.Extensions.Options;
using SegmentFunctions.Domain.Models.Lifetime;

namespace SegmentFunctions.Application.Snapshots;

/// <summary>
/// The process's <see cref="SnapshotTable"/>s, each built once from its snapshot and shared by the steps that read a
/// whole snapshot at once (a retraining run's readiness check, churn classifier and evaluation run in one process).
/// Steps that work one shard at a time stream it instead (<see cref="SnapshotRowFeaturizer"/>) and hold no table.
/// Keyed by snapshot id, content hash and time unit, so a table is never taken for a snapshot it was not built from; a
/// cache miss (another process, a resumed run, an evicted table) rebuilds it from the snapshot, so nothing durable
/// depends on the cache.
/// Concurrent requests for one table share one build, which runs to its end whoever asked first: a request that is
/// cancelled stops waiting, not the build the others wait for. At most <see cref="SnapshotOptions.CachedTables"/>
/// tables are kept, the least recently used evicted first.
/// </summary>
public sealed class SnapshotTables(FeatureSnapshotReader reader, IOptions<SnapshotOptions> options)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string SnapshotId, string Sha256, LifetimeTimeUnit Unit), Entry> _entries = [];
    private long _clock;

    /// <summary>The table of the snapshot with time columns in <paramref name="unit"/>, built if not cached.</summary>
    /// <exception cref="SnapshotNotFoundException">No manifest: the snapshot does not exist or is incomplete.</exception>
    /// <exception cref="SnapshotCorruptException">The content does not match the manifest or cannot be decoded.</exception>
    /// <exception cref="Training.ModelTrainingException">A document holds events after the snapshot's time.</exception>
    public async Task<SnapshotTable> GetAsync(string snapshotId, LifetimeTimeUnit unit, CancellationToken cancellationToken)
    {
        var manifest = await reader.ReadManifestAsync(snapshotId, cancellationToken);
        var key = (manifest.SnapshotId, manifest.ContentSha256, unit);
        Entry entry;
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out entry!))
            {
                entry = new Entry(Task.Run(() => SnapshotTableBuilder.BuildAsync(
                    manifest, reader.ReadRowGroupsAsync(snapshotId, CancellationToken.None), unit, CancellationToken.None)));
                _entries[key] = entry;
                Evict();
            }

            entry.LastUsed = ++_clock;
        }

        try
        {
            return await entry.Table.WaitAsync(cancellationToken);
        }
        catch
        {
            // A failed build is not kept: the next request builds again.
            lock (_gate)
            {
                if (entry.Table.IsCompleted && !entry.Table.IsCompletedSuccessfully
                    && _entries.TryGetValue(key, out var current) && ReferenceEquals(current, entry))
                {
                    _entries.Remove(key);
                }
            }

            throw;
        }
    }

    private void Evict()
    {
        var capacity = Math.Max(1, options.Value.CachedTables);
        while (_entries.Count > capacity)
        {
            var oldest = _entries.MinBy(e => e.Value.LastUsed).Key;
            _entries.Remove(oldest);
        }
    }

    private sealed class Entry(Task<SnapshotTable> table)
    {
        public Task<SnapshotTable> Table { get; } = table;
        public long LastUsed { get; set; }
    }
}
