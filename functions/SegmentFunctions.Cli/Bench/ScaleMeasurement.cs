namespace SegmentFunctions.Cli.Bench;

/// <summary>What the scale benchmark measured: the shop's size, its snapshots and the retrain run on them.</summary>
internal sealed record ScaleMeasurement(int Customers, ScaleSnapshotSet Snapshots, RetrainMeasurement Run)
{
    /// <summary>Whether the run labelled churn with the prepared snapshot at T - H (not a cold start).</summary>
    public bool CutoffFound => Run.Result.CutoffSnapshotId == Snapshots.Cutoff.SnapshotId;
}
