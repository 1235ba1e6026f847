namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>Score every customer of the snapshot with the published <paramref name="ModelVersion"/>; flows against <paramref name="PreviousVersion"/> when it has scores.</summary>
public sealed record BatchScoreInput(string ModelVersion, string SnapshotId, string? PreviousVersion);
