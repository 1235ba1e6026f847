namespace SegmentFunctions.Application.BatchScoring;

/// <summary>Batch scoring settings, bound from the configuration section <see cref="SectionName"/>.</summary>
public sealed class BatchScoringOptions
{
    public const string SectionName = "BatchScoring";

    /// <summary>The blob container holding the scores (tests give each test its own).</summary>
    public string Container { get; set; } = "scores";

    /// <summary>
    /// Rows per Parquet row group and per scoring batch: the writer holds one batch of scores in memory at a time, and
    /// readers one row group. Up to three batches of decoded documents are alive while scoring (one scored, one
    /// waiting, one being read), which at 50,000 rows added about 0.4 GB to a retrain's peak (100k customers).
    /// </summary>
    public int RowGroupSize { get; set; } = 10_000;

    /// <summary>Threads scoring one batch; 0 means one per processor.</summary>
    public int MaxDegreeOfParallelism { get; set; }
}
