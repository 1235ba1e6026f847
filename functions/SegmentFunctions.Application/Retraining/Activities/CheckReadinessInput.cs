namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>Check that the snapshot at T can train a model, and whether its labels can train a churn classifier.</summary>
public sealed record CheckReadinessInput(string SnapshotId, DateTimeOffset AsOf, int ChurnHorizonDays);
