namespace SegmentFunctions.Application.Snapshots;

/// <summary>
/// One Parquet file of a snapshot: the documents of one range of the feature store (<see cref="Ports.IFeatureStore.SplitAsync"/>),
/// written by its own writer and read on its own. <see cref="ContentSha256"/> is the lowercase hex SHA-256 of the
/// file, checked by every reader; the counts are those of <see cref="SnapshotManifest"/>, for this shard.
/// <see cref="Rows"/> says what training rows the file stores beside its documents, null when none.
/// </summary>
public sealed record SnapshotShard(
    int Index,
    string Range,
    long RowCount,
    long ExcludedCount,
    string ContentSha256,
    long ContentLength,
    long UnrepresentableValues = 0,
    SnapshotRows? Rows = null);
