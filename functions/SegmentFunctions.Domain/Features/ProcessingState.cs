namespace SegmentFunctions.Domain.Features;

/// <summary>
/// Bookkeeping that makes at-least-once delivery take effect exactly once, bounded in size:
/// per-partition sequence watermarks catch replays of a partition, and a bounded set of recent event ids catches
/// duplicates that arrive through another partition or batch.
/// </summary>
public sealed class ProcessingState
{
    /// <summary>Highest sequence number applied per source partition ("{eventHub}/{partitionId}").</summary>
    public Dictionary<string, long> Watermarks { get; set; } = new(StringComparer.Ordinal);

    /// <summary>De-duplication keys of recent events, bounded; which keys are kept does not depend on arrival order.</summary>
    public List<string> RecentEventIds { get; set; } = [];
}
