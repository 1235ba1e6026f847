namespace SegmentFunctions.Storage.Embedded;

/// <summary>Content of a local lease file: who holds the lease and until when.</summary>
internal sealed record LeaseRecord(string LeaseId, DateTimeOffset ExpiresAt);
