namespace SegmentFunctions.Cli.Ingest;

/// <summary>How `segment ingest` cuts a file into batches.</summary>
/// <param name="FirstSequenceNumber">
/// The first sequence number of every partition. The featurizer skips events at or below a partition's watermark as
/// replays, so each run must number above the previous ones; see <see cref="SequenceStartAt"/>.
/// </param>
internal sealed record IngestSettings(int BatchSize, int Partitions, long FirstSequenceNumber, DateTimeOffset EnqueuedTimeUtc)
{
    public const string Source = "cli";
    public const int DefaultBatchSize = 256;
    public const int DefaultPartitions = 4;

    /// <summary>
    /// A first sequence number above every number an earlier run can have used: the time in milliseconds, shifted
    /// left by 20 bits, leaves room for a million events per partition per millisecond of wall time between runs.
    /// Re-ingesting a file therefore numbers it anew; its duplicates are caught by event id instead.
    /// </summary>
    public static long SequenceStartAt(DateTimeOffset now) => now.ToUnixTimeMilliseconds() << 20;
}
