namespace SegmentFunctions.Application.BatchScoring;

/// <summary>
/// The last blob of a batch score version (<c>scores/{Version}/manifest.json</c>): its presence marks the version
/// complete. <see cref="Version"/> is the model version that scored; <see cref="ContentSha256"/> is the lowercase hex
/// SHA-256 of scores.parquet. <see cref="SkippedCount"/> counts snapshot documents without a row as of <see cref="AsOf"/>
/// (customers first seen at or after it), which are not scored. <see cref="Segments"/> are in the bundle's component order, the order of
/// <see cref="BatchScoreRecord.SegmentProbabilities"/>. <see cref="FlowsAgainst"/> is the version flows.json compares
/// with, or null when there is no flows.json.
/// </summary>
public sealed record BatchScoreManifest(
    int FormatVersion,
    string Version,
    string SnapshotId,
    DateTimeOffset AsOf,
    long RowCount,
    long SkippedCount,
    IReadOnlyList<BatchScoreSegment> Segments,
    string ContentSha256,
    long ContentLength,
    int ChurnHorizonDays,
    int ClvHorizonMonths,
    string Currency,
    string? FlowsAgainst,
    DateTimeOffset CreatedAt)
{
    /// <summary>The layout of the Parquet files and this manifest; bumped on incompatible changes.</summary>
    public const int CurrentFormatVersion = 1;
}
