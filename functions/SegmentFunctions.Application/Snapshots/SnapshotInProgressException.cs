namespace SegmentFunctions.Application.Snapshots;

/// <summary>Another writer holds the lease of this snapshot id; two writers would mix their files.</summary>
public sealed class SnapshotInProgressException(string snapshotId, Exception? inner = null)
    : Exception($"Snapshot '{snapshotId}' is being written by another writer (or its lease was lost); retry once it has finished or expired.", inner)
{
    public string SnapshotId { get; } = snapshotId;
}
