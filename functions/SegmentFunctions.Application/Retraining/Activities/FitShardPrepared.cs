namespace SegmentFunctions.Application.Retraining.Activities;

/// <summary>
/// What one shard of the snapshot contributed to the fits: its counts, and the blobs of its compressed lifetime data
/// (<see cref="Parts.PartStore.ReadLifetimeDataAsync"/>), segmentation rows (<see cref="Parts.PartStore.ReadSegmentationShardAsync"/>)
/// and feature rows (<see cref="Parts.FeatureRowsFile"/>).
/// </summary>
/// <param name="Documents">Documents in the shard.</param>
/// <param name="Customers">Customers known at the snapshot's time (the shard's training rows).</param>
/// <param name="Buyers">Customers who had bought by then.</param>
/// <param name="DistinctHistories">Distinct BG/NBD histories in the shard's lifetime data.</param>
public sealed record FitShardPrepared(
    int Shard, int Documents, int Customers, int Buyers, int DistinctHistories, string LifetimeBlob, string SegmentationBlob, string FeatureRowsBlob);
