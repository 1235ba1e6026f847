namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>Find the complete snapshot nearest <paramref name="Cutoff"/> (T - H) within <paramref name="Tolerance"/>, other than <paramref name="ExcludeSnapshotId"/> (the run's own).</summary>
public sealed record FindCutoffSnapshotInput(DateTimeOffset Cutoff, TimeSpan Tolerance, string ExcludeSnapshotId);
