namespace SegmentFunctions.Application.Ingestion;

/// <summary>One event body as delivered by Event Hubs (or the CLI), before validation.</summary>
public sealed record RawEvent(string Body, long? SequenceNumber, DateTimeOffset? EnqueuedTimeUtc);
