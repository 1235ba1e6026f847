namespace SegmentFunctions.Cli.Ingest;

/// <summary>How `segment ingest` cuts a file into batches.</summary>
/// <param name="Partitions">Lanes processed concurrently; a customer's events all go through one lane.</param>
internal sealed record IngestSettings(int BatchSize, int Partitions, DateTimeOffset EnqueuedTimeUtc)
{
    /// <summary>The source of every file's batches; the partition is the file's <see cref="EventFileId"/>.</summary>
    public const string Source = "file";
    public const int DefaultBatchSize = 256;
    public const int DefaultPartitions = 4;
}
