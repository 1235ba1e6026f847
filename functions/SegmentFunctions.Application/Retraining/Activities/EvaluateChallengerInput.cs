namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>
/// Score challenger and champion on the same labelled holdout: customers of the cut-off snapshot as of its time
/// <paramref name="CutoffAsOf"/> (those held out of the classifier's training, listed in
/// <paramref name="ChurnPartBlob"/>; all of them when no classifier was trained), labelled "no purchase within H"
/// from the snapshot at T. Without a cut-off snapshot there are no labels.
/// </summary>
public sealed record EvaluateChallengerInput(
    string ChallengerBlob,
    string? ChampionVersion,
    string SnapshotId,
    string? CutoffSnapshotId,
    DateTimeOffset? CutoffAsOf,
    string? ChurnPartBlob,
    int ChurnHorizonDays);
