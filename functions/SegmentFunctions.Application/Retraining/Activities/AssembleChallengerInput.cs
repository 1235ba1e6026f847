namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>
/// Assemble the parts into the challenger bundle <paramref name="Version"/>. <paramref name="ChurnBlob"/> is null when
/// no classifier was trained, and <paramref name="ChurnNotTrainedReason"/> then says why.
/// </summary>
public sealed record AssembleChallengerInput(
    string RunId,
    string Version,
    DateTimeOffset AsOf,
    DateTimeOffset TrainedAt,
    int Customers,
    string SegmentationBlob,
    string LifetimeBlob,
    string? ChurnBlob,
    string? ChurnNotTrainedReason);
