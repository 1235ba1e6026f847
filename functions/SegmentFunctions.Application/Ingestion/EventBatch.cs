namespace SegmentFunctions.Application.Ingestion;

/// <summary>A batch of events from one partition of one source, in partition order.</summary>
/// <param name="Source">The event hub name (or "file" for `segment ingest`); with the partition it keys the replay watermark.</param>
public sealed record EventBatch(string Source, string PartitionId, IReadOnlyList<RawEvent> Events);
