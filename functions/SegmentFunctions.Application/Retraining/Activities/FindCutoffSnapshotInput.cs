namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>Find the complete snapshot nearest <paramref name="Cutoff"/> (T - H) within <paramref name="Tolerance"/>.</summary>
public sealed record FindCutoffSnapshotInput(DateTimeOffset Cutoff, TimeSpan Tolerance);
