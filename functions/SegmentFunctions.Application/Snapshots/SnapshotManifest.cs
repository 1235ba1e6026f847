namespace SegmentFunctions.Application.Snapshots;

/// <summary>
/// The last blob of a snapshot: its presence marks the snapshot complete. The documents are in <see cref="Shards"/>,
/// one Parquet file per range of the feature store, each with its row count and hash; <see cref="ContentSha256"/> is
/// then the lowercase hex SHA-256 of the shards' hashes (lowercase hex, one per line in shard order) and
/// <see cref="ContentLength"/> the shards' total length. A manifest without shards (written before snapshots were
/// sharded) describes one file, features.parquet, whose own SHA-256 <see cref="ContentSha256"/> is. Counts are
/// totals over the shards. <see cref="UnrepresentableValues"/> counts typed column values written as null because the
/// column cannot represent them (the document column keeps them exactly). <see cref="Rows"/> says what training rows
/// every shard stores beside its documents; null when they do not all store the same (or any, as before snapshots
/// stored rows): readers then featurize the documents.
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
    long UnrepresentableValues = 0,
    IReadOnlyList<SnapshotShard>? Shards = null,
    SnapshotRows? Rows = null)
{
    /// <summary>Value equality, the shards compared element by element (a record compares a list by reference).</summary>
    public bool Equals(SnapshotManifest? other) =>
        other is not null
        && SnapshotId == other.SnapshotId && AsOf == other.AsOf && RowCount == other.RowCount && ExcludedCount == other.ExcludedCount
        && FeatureSchemaVersion == other.FeatureSchemaVersion && ContentSha256 == other.ContentSha256 && ContentLength == other.ContentLength
        && Source == other.Source && CreatedAt == other.CreatedAt && UnrepresentableValues == other.UnrepresentableValues
        && (Shards is null ? other.Shards is null : other.Shards is not null && Shards.SequenceEqual(other.Shards))
        && Equals(Rows, other.Rows);

    public override int GetHashCode() => HashCode.Combine(SnapshotId, AsOf, RowCount, ContentSha256, Shards?.Count);
}
