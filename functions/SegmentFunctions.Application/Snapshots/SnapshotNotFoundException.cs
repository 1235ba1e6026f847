namespace SegmentFunctions.Application.Snapshots;

/// <summary>No complete snapshot (one with a manifest) has this id.</summary>
public sealed class SnapshotNotFoundException(string snapshotId)
    : Exception($"No complete snapshot '{snapshotId}' exists (a snapshot without manifest.json is incomplete).")
{
    public string SnapshotId { get; } = snapshotId;
}
