namespace SegmentFunctions.Application.BatchScoring;

/// <summary>
/// The last blob of one shard's part of a batch score version (<c>scores/{version}/parts/{shard}/part.json</c>): the
/// shard's customers in snapshot order (<see cref="ContentSha256"/> and <see cref="ContentLength"/> of its
/// scores.parquet) and one audience file per segment, each sorted like the version's, which the merge step combines.
/// <see cref="SnapshotId"/> guards against merging parts scored from another snapshot.
/// </summary>
public sealed record BatchScorePart(
    int Shard,
    string SnapshotId,
    long RowCount,
    long SkippedCount,
    string ContentSha256,
    long ContentLength,
    IReadOnlyList<BatchScoreSegment> Segments);
