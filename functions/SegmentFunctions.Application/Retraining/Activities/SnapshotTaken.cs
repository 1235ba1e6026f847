using SegmentFunctions.Application.Snapshots;

namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>A complete snapshot: its id, as-of time, rows and content hash.</summary>
public sealed record SnapshotTaken(string SnapshotId, DateTimeOffset AsOf, long RowCount, string ContentSha256)
{
    public static SnapshotTaken Of(SnapshotManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return new(manifest.SnapshotId, manifest.AsOf, manifest.RowCount, manifest.ContentSha256);
    }
}
