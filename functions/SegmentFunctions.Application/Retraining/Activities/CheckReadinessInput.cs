namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>
/// Check that the snapshot at T can train a model, and whether its labels can train a churn classifier;
/// <paramref name="CutoffSnapshot"/> says whether a snapshot near T - H exists (without one the classifier is planned
/// on a rolling origin).
/// </summary>
public sealed record CheckReadinessInput(string SnapshotId, DateTimeOffset AsOf, int ChurnHorizonDays, bool CutoffSnapshot);
