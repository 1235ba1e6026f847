namespace SegmentFunctions.Application.Snapshots;

/// <summary>
/// The last blob of a snapshot: its presence marks the snapshot complete. <see cref="ContentSha256"/> is the lowercase
/// hex SHA-256 of features.parquet, checked by every reader. <see cref="UnrepresentableValues"/> counts typed column
/// values written as null because the column cannot represent them (the document column keeps them exactly).
/// </summary>
public sealed record SnapshotManifest(
    string SnapshotId,
    DateTimeOffset AsOf,
    long RowCount,
    long ExcludedCount,
    int FeatureSchemaVersion,
    string ContentSha256,
    long ContentLength,
    string Source,
    DateTimeOffset CreatedAt,
    long UnrepresentableValues = 0);
