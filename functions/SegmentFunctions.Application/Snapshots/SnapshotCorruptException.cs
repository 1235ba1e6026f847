namespace SegmentFunctions.Application.Snapshots;

/// <summary>A snapshot's content does not match its manifest (hash, length or row count), or cannot be decoded.</summary>
public sealed class SnapshotCorruptException(string snapshotId, string detail, Exception? inner = null)
    : Exception($"Snapshot '{snapshotId}' is corrupt: {detail}", inner)
{
    public string SnapshotId { get; } = snapshotId;
}
