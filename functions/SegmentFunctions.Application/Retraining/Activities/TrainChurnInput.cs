namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>
/// Train the churn classifier: with a cut-off snapshot, features from it as of its own time <paramref name="CutoffAsOf"/>
/// (near T - H) and labels "no purchase within H after it" from the snapshot at T; without one (both null), on a
/// rolling origin of earlier cut-offs from the purchase histories of the snapshot at T. <paramref name="EarliestFirstSeen"/>,
/// the readiness check's earliest first-seen time at T, lets the labels' pass over T decode only the sampled customers'
/// documents; without it, that pass reads every document to find it.
/// </summary>
public sealed record TrainChurnInput(
    string RunId, string SnapshotId, string? CutoffSnapshotId, DateTimeOffset? CutoffAsOf, DateTimeOffset? EarliestFirstSeen = null);
