using SegmentFunctions.Domain.Models.Segmentation;
using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Application.Training;

/// <summary>The rows of a training table in memory as one shard, read in blocks of <paramref name="blockRows"/> rows.</summary>
public sealed class TableFeatureRows(TrainingTable table, int blockRows = 10_000) : IFeatureRowShards
{
    public int Shards => 1;

    public IEnumerable<FeatureMatrix> Read(int shard)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(shard, 0);
        for (var start = 0; start < table.RowCount; start += blockRows)
        {
            yield return table.SelectMatrix(table.ColumnNames, start..Math.Min(table.RowCount, start + blockRows));
        }
    }
}
