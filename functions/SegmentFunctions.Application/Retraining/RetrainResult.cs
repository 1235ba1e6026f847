namespace SegmentFunctions.Application.Retraining;

/// <summary>
/// The output of a completed retraining run (the status endpoint's and the CLI's "output").
/// </summary>
/// <param name="Outcome">Published (the challenger serves) or KeptChampion.</param>
/// <param name="ModelVersion">The challenger's version id; published only when <paramref name="Outcome"/> is Published.</param>
/// <param name="ServingVersion">The version serving when the run ended; null when none serves (a rejected cold start).</param>
/// <param name="Reason">The promotion gate's reason, or why the challenger was not compared.</param>
/// <param name="SnapshotId">The snapshot as of T the challenger was trained on.</param>
/// <param name="CutoffSnapshotId">The snapshot near T - H the churn labels used; null on cold start.</param>
/// <param name="BatchScore">The published model's scores of every customer of the snapshot; null when the champion was kept.</param>
public sealed record RetrainResult(
    RetrainOutcome Outcome,
    string ModelVersion,
    string? ServingVersion,
    string Reason,
    DateTimeOffset AsOf,
    string SnapshotId,
    string? CutoffSnapshotId,
    RetrainMetrics Metrics,
    BatchScoreSummary? BatchScore);
