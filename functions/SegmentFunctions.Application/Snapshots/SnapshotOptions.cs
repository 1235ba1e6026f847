using SegmentFunctions.Domain.Models.Lifetime;

namespace SegmentFunctions.Application.Snapshots;

/// <summary>Feature snapshot settings, bound from the configuration section <see cref="SectionName"/>.</summary>
public sealed class SnapshotOptions
{
    public const string SectionName = "Snapshots";

    /// <summary>The blob container holding the snapshots (tests give each test its own).</summary>
    public string Container { get; set; } = "snapshots";

    /// <summary>
    /// Rows per Parquet row group: the writer and every reader hold one group in memory at a time, and a retrain reads
    /// a snapshot in several activities at once; 10,000 documents of about 1 KB keep each well under 100 MB.
    /// </summary>
    public int RowGroupSize { get; set; } = 10_000;

    /// <summary>
    /// Most shards a snapshot is split into (<see cref="Ports.IFeatureStore.SplitAsync"/>: key ranges of the embedded
    /// store, feed ranges of Cosmos DB, which may give fewer), each written and read by its own activity, so that a
    /// retraining run spreads the scan of the store over as many instances.
    /// </summary>
    public int Shards { get; set; } = 4;

    /// <summary>
    /// The time unit of the training rows a snapshot stores beside its documents (<see cref="FeatureSnapshotSchema"/>),
    /// so that the retraining reads them rather than decoding and featurizing every document in each of its steps:
    /// the retraining's own unit, set from it where the retraining is composed. Null: snapshots hold no rows.
    /// </summary>
    public LifetimeTimeUnit? TrainingRowsTimeUnit { get; set; }

    /// <summary>Retention keeps at least this many of the newest complete snapshots.</summary>
    public int KeepNewest { get; set; } = 8;

    /// <summary>Retention also keeps every complete snapshot whose as-of time is within this age.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(90);

    /// <summary>
    /// A snapshot folder without a manifest (a write that died) is deleted once its newest blob is this old; younger
    /// ones may still be being written.
    /// </summary>
    public TimeSpan IncompleteGracePeriod { get; set; } = TimeSpan.FromDays(1);
}
