namespace SegmentFunctions.Application.Snapshots;

/// <summary>
/// Whether a snapshot row holds its customer's training row as of the snapshot's time (the <c>rowStatus</c> column,
/// <see cref="FeatureSnapshotSchema"/>); the values are stored, so they must not change.
/// </summary>
public enum SnapshotRowStatus
{
    /// <summary>The customer was not seen before the snapshot's time: no row.</summary>
    NotKnown = 0,

    /// <summary>The row is in the <c>row_</c> columns.</summary>
    Row = 1,

    /// <summary>The document holds events after the snapshot's time: no row, and a read for training fails on it.</summary>
    SeenAfterAsOf = 2,
}
