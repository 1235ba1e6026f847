using SegmentFunctions.Domain.Models.Segmentation;

namespace SegmentFunctions.Application.Training;

/// <summary>
/// What one shard of a snapshot contributes to the segmentation (<see cref="ModelBundleTrainer.SegmentationShardOf"/>):
/// its customers' rows of the candidate segmentation columns in original units, in snapshot order, their
/// <see cref="ColumnMoments"/> (combined exactly across shards into the scaler of the whole), and whether any of its
/// customers has a session or an e-mail open (with none anywhere, the segments follow purchase behaviour).
/// </summary>
public sealed record SegmentationShard(FeatureMatrix Rows, ColumnMoments Moments, bool HasBehaviour);
