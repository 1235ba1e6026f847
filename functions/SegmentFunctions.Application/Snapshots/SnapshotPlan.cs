namespace SegmentFunctions.Application.Snapshots;

/// <summary>
/// The feature store's ranges a snapshot is written from, one shard each, in shard order; recorded once per snapshot
/// (<see cref="SnapshotLayout.Plan"/>) so that every writer of its shards follows the same split.
/// </summary>
public sealed record SnapshotPlan(string SnapshotId, DateTimeOffset AsOf, string Source, IReadOnlyList<string> Ranges);
