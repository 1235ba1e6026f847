namespace SegmentFunctions.Domain.Features;

/// <summary>
/// Bookkeeping that makes at-least-once delivery take effect exactly once, bounded in size:
/// per-partition sequence watermarks catch replays of a partition (or of a file), and the dedupe keys of the events
/// within the horizon in event time catch duplicates that arrive at another position (docs/exactly-once.md).
/// </summary>
public sealed class ProcessingState
{
    private RecentKeySet recentKeys = new();

    /// <summary>
    /// Highest sequence number applied per source partition ("{eventHub}/{partitionId}", or "file/sha256-..." with line
    /// numbers for a file sent by `segment ingest`).
    /// </summary>
    public Dictionary<string, long> Watermarks { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Dedupe keys of the events within the horizon, bounded; which keys are kept does not depend on arrival order. JSON: one base64
    /// string (see <see cref="Serialization.RecentKeySetJsonConverter"/>); a null reads as an empty set.
    /// </summary>
    public RecentKeySet RecentKeys
    {
        get => recentKeys;
        set => recentKeys = value ?? new RecentKeySet();
    }
}
