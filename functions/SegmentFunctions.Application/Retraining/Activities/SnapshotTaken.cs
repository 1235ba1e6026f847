using SegmentFunctions.Application.Snapshots;

namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>A complete snapshot: its id, as-of time, rows, content hash and number of shards (one for a snapshot written before sharding).</summary>
public sealed record SnapshotTaken(string SnapshotId, DateTimeOffset AsOf, long RowCount, string ContentSha256, int Shards = 1)
{
    public static SnapshotTaken Of(SnapshotManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return new(manifest.SnapshotId, manifest.AsOf, manifest.RowCount, manifest.ContentSha256, FeatureSnapshotReader.ShardsOf(manifest).Count);
    }
}
