using SegmentFunctions.Domain.Models.Segmentation;

namespace SegmentFunctions.Application.Training;

/// <summary>
/// The feature rows (every column of the training table) of a snapshot's customers, shard by shard, each read in
/// blocks in snapshot order, as often as asked: what the segments' profiles and the previous bundle's segments of
/// today's customers are computed from after the fit, without holding the snapshot's table.
/// </summary>
public interface IFeatureRowShards
{
    /// <summary>The number of shards.</summary>
    int Shards { get; }

    /// <summary>The rows of shard <paramref name="shard"/>, block after block; a block is not used after the next is read.</summary>
    IEnumerable<FeatureMatrix> Read(int shard);
}
