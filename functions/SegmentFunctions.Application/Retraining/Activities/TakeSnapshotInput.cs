namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>Snapshot the feature store as of <paramref name="AsOf"/> under <paramref name="SnapshotId"/> (derived from the run, so a retry rewrites the same snapshot).</summary>
public sealed record TakeSnapshotInput(string SnapshotId, DateTimeOffset AsOf);
