namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>
/// Publish the challenger as <paramref name="Version"/> and promote it if the pointer is still
/// <paramref name="ChampionETag"/> (no pointer when null).
/// </summary>
public sealed record PublishInput(
    string RunId,
    string Version,
    string BundleBlob,
    string ContentSha256,
    string Reason,
    string? ChampionVersion,
    string? ChampionETag,
    DateTimeOffset AsOf,
    string SnapshotId,
    string? CutoffSnapshotId,
    RetrainMetrics Metrics);
