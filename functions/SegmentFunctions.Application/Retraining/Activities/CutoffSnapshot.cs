namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>The snapshot the churn labels start from; both null when there is none (cold start).</summary>
public sealed record CutoffSnapshot(string? SnapshotId, DateTimeOffset? AsOf);
