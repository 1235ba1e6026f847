namespace SegmentFunctions.Application.Retraining;

/// <summary>
/// What the run's batch scoring wrote to <c>scores/{Version}/</c>: customers scored and skipped, customers per segment,
/// and, when the previous version had scores, the share of matched customers whose segment changed.
/// </summary>
public sealed record BatchScoreSummary(
    string Version,
    string SnapshotId,
    long Scored,
    long Skipped,
    IReadOnlyList<BatchScoreSegmentCount> Segments,
    string? FlowsAgainst,
    double? ShareChanged);
