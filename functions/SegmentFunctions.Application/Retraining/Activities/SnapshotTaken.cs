namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>A complete snapshot: its id, as-of time, rows and content hash.</summary>
public sealed record SnapshotTaken(string SnapshotId, DateTimeOffset AsOf, long RowCount, string ContentSha256);
