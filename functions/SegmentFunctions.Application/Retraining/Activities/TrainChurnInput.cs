namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>
/// Train the churn classifier: features from the cut-off snapshot as of its own time <paramref name="CutoffAsOf"/>
/// (near T - H), labels "no purchase within H after it" from the snapshot at T.
/// </summary>
public sealed record TrainChurnInput(string RunId, string SnapshotId, string CutoffSnapshotId, DateTimeOffset CutoffAsOf);
